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

/** What to tell the operator, with the one refusal this build cannot get past spelled out. */
export function explain(error: ShownError): string {
  if (error.code === 'PROTECTED_CHANGE' || error.code === 'STEP_UP_REQUIRED') {
    return `${error.message}. It needs a second-factor step-up; MFA is not set up in this build, so the change was not made.`;
  }
  return error.message;
}
