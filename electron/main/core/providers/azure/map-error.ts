import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../../shared/errors';

/**
 * Maps anything the Azure SDKs throw to a KeyholeError built from a code, the secret's name,
 * Retry-After, the request id and an allow-listed detail (status or error name), never from the
 * SDK's message, which can carry a request body, a header or (for credential errors) details of
 * the client secret.
 */
// @azure/identity wraps most MSAL failures (a refused secret included) in AuthenticationRequiredError
// and lets MSAL's ClientConfigurationError (a bad authority) through as it is.
const CREDENTIAL_ERRORS = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
  'ClientConfigurationError',
]);
const NETWORK_TIMEOUTS = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

interface HeadersLike {
  get(name: string): string | undefined;
}

interface RestErrorLike {
  name: 'RestError';
  statusCode?: number;
  code?: string;
  response?: { headers?: HeadersLike };
}

function isRestErrorLike(error: unknown): error is RestErrorLike {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'RestError';
}

/** Retry-After in seconds or as an HTTP date; the millisecond variants Azure also sends win. */
export function retryAfterMs(headers: HeadersLike | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const raw = headers.get('retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function codeForStatus(status: number, serviceCode: string | undefined): ErrorCode {
  if (status === 400) return 'INVALID_INPUT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  // Key Vault's 409 on a name means it is deleted (recoverable) or still being deleted/recovered.
  if (status === 409) return serviceCode === 'Conflict' ? 'DELETED' : 'CONFLICT';
  if (status === 413) return 'VALUE_TOO_LARGE';
  if (status === 429) return 'THROTTLED';
  if (status === 408 || status === 504) return 'TIMEOUT';
  if (status >= 500) return 'UNAVAILABLE';
  return 'INTERNAL';
}

export function mapAzureError(error: unknown, path?: string, signal?: AbortSignal): KeyholeError {
  if (isKeyholeError(error)) return error;
  const pathOption = path !== undefined ? { path } : {};
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (signal?.aborted || name === 'AbortError') return new KeyholeError('CANCELLED', pathOption);
  if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name)) return new KeyholeError('UNAUTHENTICATED', { ...pathOption, detail: name });
  if (isRestErrorLike(error)) {
    const headers = error.response?.headers;
    const requestId = headers?.get('x-ms-request-id');
    const common = { ...pathOption, ...(requestId !== undefined ? { requestId } : {}) };
    if (error.statusCode === undefined) {
      // No answer: a refused or dropped connection, a TLS failure, a timeout.
      const code = error.code !== undefined && NETWORK_TIMEOUTS.has(error.code) ? 'TIMEOUT' : 'UNAVAILABLE';
      return new KeyholeError(code, { ...common, detail: safeToken(error.code) ?? 'RestError' });
    }
    const status = error.statusCode;
    const retryAfter = status === 429 || status === 503 ? retryAfterMs(headers) : undefined;
    return new KeyholeError(codeForStatus(status, error.code), {
      ...common,
      detail: String(status),
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    });
  }
  return new KeyholeError('INTERNAL', { ...pathOption, detail: typeof name === 'string' ? (safeToken(name) ?? 'Error') : 'unknown' });
}

/** Error codes and names are identifiers; anything else is dropped rather than logged. */
function safeToken(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value) ? value : undefined;
}
