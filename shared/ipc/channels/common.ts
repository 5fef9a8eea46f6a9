import { z } from 'zod';
import { ERROR_CODES } from '../../errors';

/** Pieces every channel file uses. */
export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });
export const uuid = z.string().uuid();
export const wireError = z.object({ code: z.enum(ERROR_CODES as [string, ...string[]]), message: z.string() });
