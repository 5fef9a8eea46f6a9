import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../../shared/errors';

/**
 * Maps anything the AWS SDK throws (service exceptions of Secrets Manager and STS, credential
 * provider errors, Node network errors, aborts) to a KeyholeError: a code, the secret's name, the
 * request id and the error's name or HTTP status as detail. The SDK's message, $response and
 * config never travel further: a message can quote a request, a credential provider's can name
 * a file and its contents.
 */
const BY_NAME: Record<string, ErrorCode> = {
  ResourceNotFoundException: 'NOT_FOUND',
  ResourceExistsException: 'ALREADY_EXISTS',
  // InvalidRequestException is usually "the secret is scheduled for deletion": callers that can
  // tell (provider.ts) refine it to DELETED after checking the secret.
  InvalidRequestException: 'INVALID_INPUT',
  InvalidParameterException: 'INVALID_INPUT',
  ValidationException: 'INVALID_INPUT',
  ValidationError: 'INVALID_INPUT',
  InvalidNextTokenException: 'INVALID_INPUT',
  SerializationException: 'INVALID_INPUT',
  MalformedPolicyDocumentException: 'INVALID_INPUT',
  PreconditionNotMetException: 'INVALID_INPUT',
  // A quota (versions, labels), not a request rate: retrying soon does not help.
  LimitExceededException: 'INVALID_INPUT',
  UnknownOperationException: 'UNSUPPORTED',
  InvalidAction: 'UNSUPPORTED',
  ThrottlingException: 'THROTTLED',
  Throttling: 'THROTTLED',
  TooManyRequestsException: 'THROTTLED',
  RequestLimitExceeded: 'THROTTLED',
  UnrecognizedClientException: 'UNAUTHENTICATED',
  InvalidSignatureException: 'UNAUTHENTICATED',
  IncompleteSignatureException: 'UNAUTHENTICATED',
  IncompleteSignature: 'UNAUTHENTICATED',
  MissingAuthenticationTokenException: 'UNAUTHENTICATED',
  MissingAuthenticationToken: 'UNAUTHENTICATED',
  ExpiredTokenException: 'UNAUTHENTICATED',
  ExpiredToken: 'UNAUTHENTICATED',
  InvalidClientTokenId: 'UNAUTHENTICATED',
  SignatureDoesNotMatch: 'UNAUTHENTICATED',
  CredentialsProviderError: 'UNAUTHENTICATED',
  AccessDeniedException: 'FORBIDDEN',
  AccessDenied: 'FORBIDDEN',
  // KMS refused to encrypt or decrypt with the secret's key for this identity.
  DecryptionFailure: 'FORBIDDEN',
  EncryptionFailure: 'FORBIDDEN',
  RegionDisabledException: 'FORBIDDEN',
  InternalServiceError: 'UNAVAILABLE',
  InternalFailure: 'UNAVAILABLE',
  ServiceUnavailable: 'UNAVAILABLE',
  ServiceUnavailableException: 'UNAVAILABLE',
  TimeoutError: 'TIMEOUT',
  RequestTimeout: 'TIMEOUT',
  RequestTimeoutException: 'TIMEOUT',
};

const NETWORK_CODES: Record<string, ErrorCode> = {
  ECONNREFUSED: 'UNAVAILABLE',
  ECONNRESET: 'UNAVAILABLE',
  EPIPE: 'UNAVAILABLE',
  ENOTFOUND: 'UNAVAILABLE',
  EAI_AGAIN: 'UNAVAILABLE',
  EHOSTUNREACH: 'UNAVAILABLE',
  ENETUNREACH: 'UNAVAILABLE',
  ECONNABORTED: 'UNAVAILABLE',
  ERR_SSL_WRONG_VERSION_NUMBER: 'UNAVAILABLE',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'UNAVAILABLE',
  SELF_SIGNED_CERT_IN_CHAIN: 'UNAVAILABLE',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'UNAVAILABLE',
  ETIMEDOUT: 'TIMEOUT',
};

const SAFE_TOKEN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const REQUEST_ID = /^[A-Za-z0-9+/=_.:-]{1,128}$/;

interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string | undefined> };
}

function safe(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_TOKEN.test(value) ? value : undefined;
}

/** Retry-After in seconds or as an HTTP date (Secrets Manager itself does not send one). */
function retryAfterMs(headers: Record<string, string | undefined> | undefined, now: number): number | undefined {
  const raw = headers?.['retry-after'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isNetworkCode(code: string | undefined): code is string {
  return code !== undefined && Object.hasOwn(NETWORK_CODES, code);
}

function codeFor(name: string | undefined, networkCode: string | undefined, status: number | undefined): ErrorCode {
  // The SDK names a reset socket "TimeoutError"; its Node code says what happened.
  if (isNetworkCode(networkCode)) return NETWORK_CODES[networkCode] as ErrorCode;
  if (name !== undefined && Object.hasOwn(BY_NAME, name)) return BY_NAME[name] as ErrorCode;
  if (status === 429) return 'THROTTLED';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status !== undefined && status >= 500) return 'UNAVAILABLE';
  if (status !== undefined && status >= 400) return 'INVALID_INPUT';
  return 'INTERNAL';
}

export function mapAwsError(error: unknown, path?: string, signal?: AbortSignal, now: number = Date.now()): KeyholeError {
  if (isKeyholeError(error)) return error;
  const pathOption = path !== undefined ? { path } : {};
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorLike;
  const name = safe(e.name);
  if (signal?.aborted || name === 'AbortError') return new KeyholeError('CANCELLED', pathOption);
  const status = e.$metadata?.httpStatusCode;
  const networkCode = safe(e.code);
  const code = codeFor(name, networkCode, status);
  const rawId = e.$metadata?.requestId;
  const requestId = typeof rawId === 'string' && REQUEST_ID.test(rawId) ? rawId : undefined;
  const retryAfter = code === 'THROTTLED' || code === 'UNAVAILABLE' ? retryAfterMs(e.$response?.headers, now) : undefined;
  const detail = isNetworkCode(networkCode)
    ? networkCode
    : name !== undefined && name !== 'Error'
      ? name
      : (networkCode ?? (status !== undefined ? String(status) : 'unknown'));
  return new KeyholeError(code, {
    ...pathOption,
    detail,
    ...(requestId !== undefined ? { requestId } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  });
}

/** The AWS error name, for decisions inside the adapter (never shown). */
export function awsErrorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? safe((error as SdkErrorLike).name) : undefined;
}
