import type { WireError } from '../errors';

/** What crosses the boundary for every invoke: a value or a wire error, never a thrown object. */
export type InvokeResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };
