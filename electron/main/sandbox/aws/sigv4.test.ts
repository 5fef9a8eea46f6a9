import { describe, expect, it } from 'vitest';
import { canonicalRequest, computeSignature, parseAuthorization, signRequest } from './sigv4';
import { Identities } from './identities';

/** Vectors from AWS's published SigV4 test suite (get-vanilla, get-vanilla-query-order-key-case). */
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SCOPE = { date: '20150830', region: 'us-east-1', service: 'service' };
const HEADERS: Array<[string, string]> = [
  ['Host', 'example.amazonaws.com'],
  ['X-Amz-Date', '20150830T123600Z'],
];

describe('SigV4', () => {
  it('matches the published test-suite signatures', () => {
    const vanilla = canonicalRequest({ method: 'GET', path: '/', query: '', headers: HEADERS, body: Buffer.alloc(0) }, ['host', 'x-amz-date']);
    expect(computeSignature(SECRET, '20150830T123600Z', SCOPE, vanilla)).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    const query = canonicalRequest({ method: 'GET', path: '/', query: 'Param2=value2&Param1=value1', headers: HEADERS, body: Buffer.alloc(0) }, [
      'host',
      'x-amz-date',
    ]);
    expect(computeSignature(SECRET, '20150830T123600Z', SCOPE, query)).toBe('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });

  it('parses the Authorization header and reports what is missing', () => {
    const parsed = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
    );
    expect(parsed).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      scopeDate: '20150830',
      region: 'us-east-1',
      service: 'service',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc',
    });
    expect('error' in parseAuthorization('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request')).toBe(true);
    expect('error' in parseAuthorization('Bearer x')).toBe(true);
  });

  it('verifies what it signs, within five minutes either way', () => {
    const keys = { accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey: SECRET };
    const identities = new Identities('111122223333', keys, 'AIDAEXAMPLE', 'arn:aws:iam::111122223333:role/r', 'AROAEXAMPLE');
    const url = new URL('http://127.0.0.1:9/');
    const signedAt = Date.UTC(2026, 0, 1, 12, 0, 0);
    const request = (body: string, now = signedAt) => {
      const headers = signRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body,
        ...keys,
        region: 'eu-west-1',
        service: 'secretsmanager',
        now,
      });
      return { method: 'POST', path: '/', query: '', headers: Object.entries(headers), body: Buffer.from(body) };
    };
    const ok = identities.authenticate(request('{}'), 'secretsmanager', signedAt + 4 * 60_000);
    expect('region' in ok && ok.region).toBe('eu-west-1');
    expect(identities.authenticate(request('{}'), 'secretsmanager', signedAt + 6 * 60_000)).toMatchObject({ kind: 'signature' });
    expect(identities.authenticate(request('{}'), 'secretsmanager', signedAt - 6 * 60_000)).toMatchObject({ kind: 'signature' });
    const tampered = { ...request('{}'), body: Buffer.from('{"a":1}') };
    expect(identities.authenticate(tampered, 'secretsmanager', signedAt)).toMatchObject({ kind: 'signature' });
    expect(identities.authenticate(request('{}'), 'sts', signedAt)).toMatchObject({ kind: 'signature' });
  });
});
