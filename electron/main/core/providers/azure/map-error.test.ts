import { RestError, createHttpHeaders } from '@azure/core-rest-pipeline';
import { AuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { mapAzureError, retryAfterMs } from './map-error';

const SECRET = 'client-secret-value-never-shown';

function restError(statusCode: number | undefined, headers: Record<string, string> = {}, code?: string): RestError {
  return new RestError(`Request failed with body {"value":"${SECRET}"}`, {
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(code !== undefined ? { code } : {}),
    response: { headers: createHttpHeaders(headers), status: statusCode ?? 0, request: undefined as never },
  });
}

describe('mapAzureError', () => {
  it('maps statuses to codes with the status as detail and the request id', () => {
    const cases: Array<[number, string | undefined, string]> = [
      [400, 'BadParameter', 'INVALID_INPUT'],
      [401, 'Unauthorized', 'UNAUTHENTICATED'],
      [403, 'Forbidden', 'FORBIDDEN'],
      [404, 'SecretNotFound', 'NOT_FOUND'],
      [409, 'Conflict', 'DELETED'],
      [413, undefined, 'VALUE_TOO_LARGE'],
      [429, 'Throttled', 'THROTTLED'],
      [500, undefined, 'UNAVAILABLE'],
      [503, undefined, 'UNAVAILABLE'],
      [504, undefined, 'TIMEOUT'],
    ];
    for (const [status, code, expected] of cases) {
      const mapped = mapAzureError(restError(status, { 'x-ms-request-id': 'req-1' }, code), 'name');
      expect(mapped).toMatchObject({ code: expected, detail: String(status), requestId: 'req-1', path: 'name' });
      expect(mapped.message).not.toContain(SECRET);
    }
  });

  it('reads Retry-After as seconds, as a date, and the millisecond headers', () => {
    expect(mapAzureError(restError(429, { 'retry-after': '7' })).retryAfterMs).toBe(7000);
    expect(mapAzureError(restError(429, { 'retry-after-ms': '250', 'retry-after': '7' })).retryAfterMs).toBe(250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(createHttpHeaders({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(mapAzureError(restError(429)).retryAfterMs).toBeUndefined();
  });

  it('maps failures without an answer to UNAVAILABLE or TIMEOUT with the error code only', () => {
    expect(mapAzureError(restError(undefined, {}, 'ECONNREFUSED'))).toMatchObject({ code: 'UNAVAILABLE', detail: 'ECONNREFUSED' });
    expect(mapAzureError(restError(undefined, {}, 'ETIMEDOUT'))).toMatchObject({ code: 'TIMEOUT' });
  });

  it('maps credential errors to UNAUTHENTICATED by name, dropping their text', () => {
    const auth = mapAzureError(new AuthenticationError(401, { error: 'invalid_client', error_description: `secret ${SECRET}` }));
    expect(auth).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'AuthenticationError' });
    const unavailable = mapAzureError(new CredentialUnavailableError(`no az login; ${SECRET}`));
    expect(unavailable).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'CredentialUnavailableError' });
    for (const error of [auth, unavailable]) expect(JSON.stringify({ ...error, message: error.message })).not.toContain(SECRET);
  });

  it('maps aborts to CANCELLED, passes KeyholeErrors through, and reduces anything else to INTERNAL', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(mapAzureError(abort).code).toBe('CANCELLED');
    const own = new KeyholeError('CONFLICT', { path: 'x' });
    expect(mapAzureError(own)).toBe(own);
    const other = mapAzureError(new TypeError(SECRET));
    expect(other).toMatchObject({ code: 'INTERNAL', detail: 'TypeError' });
    expect(other.message).not.toContain(SECRET);
  });
});
