import { ERROR_MESSAGES, type ErrorCode } from '../../shared/errors';

export interface ShownError {
  code: ErrorCode;
  message: string;
}

/**
 * A rejected bridge call carries `{ code, message }` built from the shared list (safe to show).
 * The BridgeError class lives in the bridge's own bundle, so match its shape, not its class.
 */
export function shownError(error: unknown): ShownError {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code in ERROR_MESSAGES && typeof message === 'string') return { code: code as ErrorCode, message };
  }
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}

/** What to tell the operator, with the way past a step-up refusal spelled out. */
export function explain(error: ShownError): string {
  switch (error.code) {
    case 'PROTECTED_CHANGE':
      return 'This is a protected change: it needs a second-factor step-up, so nothing was changed. Step up (top bar) and try again; two-factor authentication is set up in Settings.';
    case 'STEP_UP_REQUIRED':
      return 'This needs a second-factor step-up first, so nothing was done. Step up (top bar) and try again; two-factor authentication is set up in Settings.';
    default:
      return error.message;
  }
}
