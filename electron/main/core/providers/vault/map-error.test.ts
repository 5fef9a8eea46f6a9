import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { mapVaultError } from './map-error';

/** Shapes as node-vault 0.12 produces them (see node_modules/node-vault/src/index.js). */
function apiError(statusCode: number, body: unknown): Error {
  const errors = (body as { errors?: string[] }).errors;
  return Object.assign(new Error(errors?.[0] ?? `Status ${statusCode}`), { response: { statusCode, body } });
}

function axiosError(code: string): Error {
  return Object.assign(new Error('socket hang up'), { code, isAxiosError: true, config: { headers: { 'X-Vault-Token': 'hvs.secret' } } });
}

describe('mapVaultError', () => {
  it.each([
    [apiError(400, { errors: ['check-and-set parameter did not match the current version'] }), {}, 'CONFLICT'],
    [apiError(400, { errors: ['check-and-set parameter did not match the current version'] }), { create: true }, 'ALREADY_EXISTS'],
    [apiError(400, { errors: ['check-and-set parameter required for this call'] }), {}, 'INVALID_INPUT'],
    [apiError(400, { errors: ['invalid username or password'] }), { login: true }, 'UNAUTHENTICATED'],
    [apiError(403, { errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] }), {}, 'UNAUTHENTICATED'],
    [apiError(403, { errors: ['1 error occurred:\n\t* permission denied\n\n'] }), {}, 'FORBIDDEN'],
    [apiError(404, { errors: [] }), {}, 'NOT_FOUND'],
    [apiError(404, { data: { data: null, metadata: { deletion_time: '2025-01-01T00:00:00Z', destroyed: false } } }), {}, 'DELETED'],
    [apiError(404, { data: { data: null, metadata: { deletion_time: '', destroyed: true } } }), {}, 'DELETED'],
    [apiError(405, { errors: [] }), {}, 'UNSUPPORTED'],
    [apiError(412, { errors: [] }), {}, 'UNAVAILABLE'],
    [apiError(413, { errors: [] }), {}, 'VALUE_TOO_LARGE'],
    [apiError(429, { errors: ['request path "kv/data/x": rate limit quota exceeded'] }), {}, 'THROTTLED'],
    [apiError(500, { errors: ['internal error'] }), {}, 'UNAVAILABLE'],
    [apiError(503, { errors: ['Vault is sealed'] }), {}, 'UNAVAILABLE'],
    [axiosError('ECONNRESET'), {}, 'UNAVAILABLE'],
    [axiosError('ECONNREFUSED'), {}, 'UNAVAILABLE'],
    [axiosError('DEPTH_ZERO_SELF_SIGNED_CERT'), {}, 'UNAVAILABLE'],
    [axiosError('ECONNABORTED'), {}, 'TIMEOUT'],
    [axiosError('ERR_CANCELED'), {}, 'CANCELLED'],
    [axiosError('ERR_INVALID_URL'), {}, 'INVALID_INPUT'],
    [Object.assign({ message: 'Invalid type', code: 0, dataPath: '/password' }), {}, 'INVALID_INPUT'],
    ['a string', {}, 'INTERNAL'],
  ])('maps %#', (error, context, code) => {
    expect(mapVaultError(error, context).code).toBe(code);
  });

  it('keeps the status or code as detail, the name as path, and Retry-After for throttling only', () => {
    const throttled = mapVaultError(apiError(429, { errors: ['x'] }), { path: 'a/b', retryAfterMs: 2000 });
    expect(throttled).toMatchObject({
      code: 'THROTTLED',
      path: 'a/b',
      detail: '429',
      retryAfterMs: 2000,
      message: 'The provider is throttling requests: a/b',
    });
    expect(mapVaultError(apiError(500, { errors: ['x'] }), { retryAfterMs: 2000 }).retryAfterMs).toBeUndefined();
    expect(mapVaultError(axiosError('ECONNRESET')).detail).toBe('ECONNRESET');
  });

  it('answers CANCELLED whatever failed once the signal fired, and passes KeyholeErrors through', () => {
    const controller = new AbortController();
    controller.abort();
    expect(mapVaultError(axiosError('ECONNRESET'), { signal: controller.signal }).code).toBe('CANCELLED');
    const original = new KeyholeError('CONFLICT', { path: 'x' });
    expect(mapVaultError(original)).toBe(original);
  });

  it('never carries the SDK message, the headers or the body', () => {
    const error = mapVaultError(Object.assign(axiosError('ECONNRESET'), { response: undefined }));
    const leaked = mapVaultError(apiError(400, { errors: ['value hvs.secret is bad'] }));
    for (const mapped of [error, leaked]) {
      expect(JSON.stringify({ ...mapped, message: mapped.message, stack: mapped.stack })).not.toContain('hvs.secret');
    }
  });
});
