/**
 * The one list of error codes that may cross a process boundary. A wire error is built from a code
 * and, optionally, the secret's path: never from an SDK message, a stack or a schema message,
 * any of which could echo a header, a token or the input that failed.
 */
export const ERROR_MESSAGES = {
  INVALID_INPUT: 'The request was not valid',
  INVALID_NAME: 'The name is not valid for this provider',
  VALUE_TOO_LARGE: 'The value is larger than the provider accepts',
  VALUE_NOT_TEXT: 'The value is not valid text',
  NOT_FOUND: 'Not found',
  ALREADY_EXISTS: 'Already exists',
  DELETED: 'It is deleted',
  CONFLICT: 'It changed since it was read; nothing was written',
  UNAUTHENTICATED: 'The credential was refused or has expired',
  FORBIDDEN: 'The provider refused this operation for this identity',
  THROTTLED: 'The provider is throttling requests',
  UNAVAILABLE: 'The provider could not be reached',
  TIMEOUT: 'The provider did not answer in time',
  CANCELLED: 'Cancelled',
  UNSUPPORTED: 'This provider does not support that operation',
  READ_ONLY: 'The connection is read-only',
  STEP_UP_REQUIRED: 'This needs a second-factor step-up first',
  PROTECTED_CHANGE: 'This is a protected change and needs a second-factor step-up',
  LOCKED: 'Keyhole is locked',
  MFA_NOT_ENROLLED: 'No second factor is set up yet',
  MFA_CODE_REQUIRED: 'This needs a current code from your authenticator',
  MFA_CODE_REJECTED: 'The code was not accepted',
  MFA_CODE_REUSED: 'That code was already used: wait for the next one',
  MFA_LOCKED_OUT: 'Too many wrong codes: wait before trying again',
  AUDIT_UNAVAILABLE: 'The audit log could not be written, so nothing was done',
  CREDENTIAL_STORE_UNAVAILABLE: 'The OS keychain is not available',
  UNKNOWN_CHANNEL: 'Unknown channel',
  FORBIDDEN_SENDER: 'The request came from a sender that is not allowed',
  ROTATION_PENDING: 'Another rotation of this secret is not finished: resume or abort it first',
  ROTATION_PENDING_LABEL:
    'An AWSPENDING label is left on this secret by another rotation: finish that rotation, or remove the label (UpdateSecretVersionStage with RemoveFromVersionId), then start again',
  INTERNAL: 'Something went wrong inside Keyhole',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** Paths are shown to the operator; anything outside a conservative path alphabet is dropped. */
const SAFE_PATH = /^[A-Za-z0-9._\-/:@+~ ]{1,512}$/;

export function wireMessage(code: ErrorCode, path?: string): string {
  const base = ERROR_MESSAGES[code];
  return path !== undefined && SAFE_PATH.test(path) ? `${base}: ${path}` : base;
}

export interface KeyholeErrorOptions {
  path?: string;
  /** Milliseconds the provider asked us to wait (Retry-After), for backoff. Never sent on the wire. */
  retryAfterMs?: number;
  /** Provider request id, for the audit trail. Never sent on the wire. */
  requestId?: string;
  /** HTTP status or SDK name, for logs (allow-listed); never a message. */
  detail?: string;
}

/** The only error type core code throws across a service boundary. */
export class KeyholeError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, options: KeyholeErrorOptions = {}) {
    super(wireMessage(code, options.path));
    this.name = 'KeyholeError';
    this.code = code;
    this.path = options.path;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.detail = options.detail;
  }
}

export function isKeyholeError(error: unknown): error is KeyholeError {
  return error instanceof KeyholeError;
}

/** Anything thrown becomes a wire error built from the code and path only. */
export function toWireError(error: unknown): WireError {
  if (isKeyholeError(error)) return { code: error.code, message: wireMessage(error.code, error.path) };
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return typeof candidate.code === 'string' && (ERROR_CODES as string[]).includes(candidate.code) && typeof candidate.message === 'string';
}
