import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../../shared/errors';

/**
 * The boundary between node-vault and Keyhole. node-vault rejects with an ApiResponseError
 * (message = body.errors[0] or "Status <code>", response = { statusCode, body }) for non-2xx
 * answers, with an AxiosError (whose config carries the X-Vault-Token header) for network
 * failures, and with a tv4 error when its own schema refuses the arguments. None of these objects,
 * nor their messages, travel further: only a code, the name, the status and Retry-After do.
 */
export interface MapContext {
  /** The secret's name, for the operator. */
  path?: string;
  signal?: AbortSignal;
  /** Retry-After of the failed answer, read off the socket (node-vault drops headers). */
  retryAfterMs?: number;
  /** A login: a 400 means the credentials were refused. */
  login?: boolean;
  /** A create (cas 0): a check-and-set mismatch means the secret already exists. */
  create?: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_SOCKET_CLOSED',
  'ERR_BAD_RESPONSE',
  'ERR_NETWORK',
  'ERR_FR_TOO_MANY_REDIRECTS',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_TIMEOUT']);
const CANCEL_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);
const SAFE_DETAIL = /^[A-Z][A-Z0-9_]{1,40}$/;

interface ResponseShape {
  status: number;
  body: unknown;
}

function responseOf(error: object): ResponseShape | undefined {
  const response = (error as { response?: { statusCode?: unknown; status?: unknown; body?: unknown; data?: unknown } }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const status = typeof response.statusCode === 'number' ? response.statusCode : response.status;
  if (typeof status !== 'number') return undefined;
  return { status, body: response.body ?? response.data };
}

function firstError(body: unknown): string {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && typeof errors[0] === 'string' ? errors[0] : '';
}

/** A 404 that still carries the envelope of a deleted or destroyed version (KV v2 read). */
function isDeletedEnvelope(body: unknown): boolean {
  const metadata = (body as { data?: { metadata?: { deletion_time?: unknown; destroyed?: unknown } } } | undefined)?.data?.metadata;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    (metadata.destroyed === true || (typeof metadata.deletion_time === 'string' && metadata.deletion_time !== ''))
  );
}

function codeForStatus(status: number, message: string, context: MapContext, body: unknown): ErrorCode {
  switch (status) {
    case 400:
      if (context.login) return 'UNAUTHENTICATED';
      if (message.includes('check-and-set parameter did not match')) return context.create ? 'ALREADY_EXISTS' : 'CONFLICT';
      return 'INVALID_INPUT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return message.includes('invalid token') ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    case 404:
      return isDeletedEnvelope(body) ? 'DELETED' : 'NOT_FOUND';
    case 405:
      return 'UNSUPPORTED';
    case 408:
      return 'TIMEOUT';
    case 412:
      // Vault's eventual-consistency answer: the request may succeed on a retry.
      return 'UNAVAILABLE';
    case 413:
      return 'VALUE_TOO_LARGE';
    case 429:
      return 'THROTTLED';
    default:
      return status >= 500 ? 'UNAVAILABLE' : 'INVALID_INPUT';
  }
}

export function mapVaultError(error: unknown, context: MapContext = {}): KeyholeError {
  if (isKeyholeError(error)) return error;
  const path = context.path !== undefined ? { path: context.path } : {};
  if (context.signal?.aborted) return new KeyholeError('CANCELLED', path);
  if (typeof error !== 'object' || error === null) return new KeyholeError('INTERNAL', path);

  const response = responseOf(error);
  if (response) {
    const code = codeForStatus(response.status, firstError(response.body), context, response.body);
    return new KeyholeError(code, {
      ...path,
      detail: String(response.status),
      ...(code === 'THROTTLED' && context.retryAfterMs !== undefined ? { retryAfterMs: context.retryAfterMs } : {}),
    });
  }

  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const detail = SAFE_DETAIL.test(code) ? { detail: code } : {};
    if (CANCEL_CODES.has(code)) return new KeyholeError('CANCELLED', { ...path, ...detail });
    if (TIMEOUT_CODES.has(code)) return new KeyholeError('TIMEOUT', { ...path, ...detail });
    // Network and TLS failures (self-signed, unknown CA, hostname mismatch) all mean "not reached";
    // so does any other errno-style system error.
    if (NETWORK_CODES.has(code) || /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code) || /^E[A-Z]+$/.test(code)) {
      return new KeyholeError('UNAVAILABLE', { ...path, ...detail });
    }
    if (code === 'ERR_INVALID_URL' || code.startsWith('ERR_BAD_OPTION')) return new KeyholeError('INVALID_INPUT', { ...path, ...detail });
    return new KeyholeError('INTERNAL', { ...path, ...detail });
  }
  // tv4 (node-vault's argument schema) reports a numeric code and a dataPath.
  if (typeof code === 'number' && 'dataPath' in error) return new KeyholeError('INVALID_INPUT', { ...path, detail: 'SCHEMA' });
  return new KeyholeError('INTERNAL', path);
}
