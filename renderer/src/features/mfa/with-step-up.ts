import type { ErrorCode } from '../../../../shared/errors';
import { shownError, type ShownError } from '../../errors';
import { useMfa, type StepUpOptions } from '../../stores/mfa';

export type Stepped<T> = { ok: true; value: T; reason: string | undefined } | { ok: false; error: ShownError | null };

/** Main's answers that a step-up would get past. */
const NEEDS_STEP_UP: ReadonlySet<ErrorCode> = new Set(['STEP_UP_REQUIRED', 'PROTECTED_CHANGE']);

/**
 * Runs `attempt`; when main refuses it for want of a step-up, opens the step-up dialog and, once a
 * grant started, tries once more with the reason the operator gave. `error` is null when the
 * operator cancelled the step-up. With `dialog: false` the refusal is returned as it came.
 */
export async function withStepUp<T>(
  attempt: (reason: string | undefined) => Promise<T>,
  options: StepUpOptions & { reason?: string | undefined },
  { dialog = true }: { dialog?: boolean } = {},
): Promise<Stepped<T>> {
  try {
    return { ok: true, value: await attempt(options.reason), reason: options.reason };
  } catch (caught) {
    const error = shownError(caught);
    if (!dialog || !NEEDS_STEP_UP.has(error.code)) return { ok: false, error };
  }
  const granted = await useMfa.getState().requestStepUp(options);
  if (!granted) return { ok: false, error: null };
  const reason = granted.reason ?? options.reason;
  try {
    return { ok: true, value: await attempt(reason), reason };
  } catch (caught) {
    return { ok: false, error: shownError(caught) };
  }
}
