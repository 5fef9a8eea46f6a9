import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { mapAwsError } from './map-error';
import { awsName, looksLikeArnSuffix, relativeName } from './names';
import { decodeValue, encodeValue } from './value-codec';

const scope = { kind: 'aws' as const, region: 'us-east-1', prefix: 'production/' };

describe('value codec', () => {
  it('reads JSON objects of strings as fields and keeps anything else exactly', () => {
    expect(decodeValue({ SecretString: '{"user":"a","password":"b"}' })).toEqual({ kind: 'fields', fields: { user: 'a', password: 'b' } });
    for (const text of ['{"port":5432}', '["a"]', '{"a":{"b":"c"}}', 'plain', ' {not json', 'null', '"quoted"', '']) {
      expect(decodeValue({ SecretString: text })).toEqual({ kind: 'string', value: text });
    }
    const bytes = new Uint8Array([0xff, 0x00, 0x80]);
    expect(decodeValue({ SecretBinary: bytes })).toEqual({ kind: 'binary', bytes });
  });

  it('writes fields as a JSON object and counts the limit in bytes', () => {
    expect(encodeValue({ kind: 'fields', fields: { a: 'b' } }, 'x')).toEqual({ SecretString: '{"a":"b"}' });
    expect(encodeValue({ kind: 'string', value: 'é'.repeat(32_768) }, 'x').SecretString?.length).toBe(32_768);
    expect(() => encodeValue({ kind: 'string', value: 'é'.repeat(32_769) }, 'x')).toThrow(KeyholeError);
    expect(() => encodeValue({ kind: 'binary', bytes: new Uint8Array(65_537) }, 'x')).toThrow(KeyholeError);
  });
});

describe('names', () => {
  it('validates the AWS alphabet and length including the prefix', () => {
    expect(awsName(scope, 'team/app/db')).toBe('production/team/app/db');
    for (const bad of ['', 'has space', 'semi;colon', 'ü', 'a'.repeat(502)]) {
      expect(() => awsName(scope, bad)).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }) as Error);
    }
    expect(relativeName(scope, 'production/a')).toBe('a');
    expect(relativeName(scope, 'staging/a')).toBeUndefined();
    expect(relativeName(scope, 'production/')).toBeUndefined();
    expect(looksLikeArnSuffix('db-password-AbC123')).toBe(true);
    expect(looksLikeArnSuffix('db-password')).toBe(false);
  });
});

describe('error mapping', () => {
  const canary = 'canary-secret-value-4242';

  it('maps by AWS error name and Node code, never carrying the message', () => {
    const cases: Array<[unknown, string, string]> = [
      [
        { name: 'ResourceNotFoundException', message: canary, $metadata: { httpStatusCode: 400, requestId: 'req-1' } },
        'NOT_FOUND',
        'ResourceNotFoundException',
      ],
      [{ name: 'ThrottlingException', message: canary, $metadata: { httpStatusCode: 400 } }, 'THROTTLED', 'ThrottlingException'],
      [{ name: 'ExpiredTokenException', message: canary }, 'UNAUTHENTICATED', 'ExpiredTokenException'],
      [{ name: 'AccessDeniedException', message: canary }, 'FORBIDDEN', 'AccessDeniedException'],
      [{ name: 'ResourceExistsException', message: canary }, 'ALREADY_EXISTS', 'ResourceExistsException'],
      [{ name: 'InternalServiceError', message: canary, $metadata: { httpStatusCode: 500 } }, 'UNAVAILABLE', 'InternalServiceError'],
      [{ name: 'TimeoutError', code: 'ECONNRESET', message: canary }, 'UNAVAILABLE', 'ECONNRESET'],
      [{ name: 'TimeoutError', message: canary }, 'TIMEOUT', 'TimeoutError'],
      [{ name: 'Unknown', message: canary, $metadata: { httpStatusCode: 502 } }, 'UNAVAILABLE', 'Unknown'],
      [{ name: 'Weird', message: canary, $metadata: { httpStatusCode: 429 }, $response: { headers: { 'retry-after': '3' } } }, 'THROTTLED', 'Weird'],
      [new Error(canary), 'INTERNAL', 'unknown'],
      [{ name: `has space ${canary}` }, 'INTERNAL', 'unknown'],
    ];
    for (const [error, code, detail] of cases) {
      const mapped = mapAwsError(error, 'a/b');
      expect(mapped.code).toBe(code);
      expect(mapped.detail).toBe(detail);
      expect(mapped.path).toBe('a/b');
      expect(`${mapped.message} ${mapped.detail} ${JSON.stringify(mapped)}`).not.toContain(canary);
    }
    expect(mapAwsError(cases[0]?.[0]).requestId).toBe('req-1');
    expect(mapAwsError(cases[9]?.[0]).retryAfterMs).toBe(3000);
  });

  it('maps aborts to CANCELLED whatever the SDK said', () => {
    const controller = new AbortController();
    controller.abort();
    expect(mapAwsError({ name: 'AbortError' }).code).toBe('CANCELLED');
    expect(mapAwsError({ name: 'ThrottlingException' }, undefined, controller.signal).code).toBe('CANCELLED');
  });
});
