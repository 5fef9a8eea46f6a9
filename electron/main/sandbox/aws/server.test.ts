import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import type { SandboxServer } from '../server-handle';
import { startAwsSandbox, type AwsSandboxInfo } from './index';
import { callJson, callSts, type RawKeys } from './raw-client';

let server: SandboxServer<AwsSandboxInfo>;
let keys: RawKeys;
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  server = await startAwsSandbox({ seed: generateSeed({ count: 30, seed: 3 }) });
  keys = { accessKeyId: server.info.accessKeyId, secretAccessKey: server.info.secretAccessKey };
});

afterEach(() => {
  Object.assign(server.knobs, { throttleRate: 0, errorRate: 0, dropRate: 0, latencyMs: 0, enforceRateLimits: false });
});

afterAll(() => server.close());

describe('Secrets Manager wire (raw HTTP)', () => {
  it('answers a missing secret with HTTP 400 and the service error body', async () => {
    const answer = await callJson(server.info.endpoint, keys, 'GetSecretValue', { SecretId: 'production/nope' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(answer.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(json(answer.text)).toEqual({ __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." });
  });

  it('gives timestamps as epoch seconds and ARNs with a 6-character suffix', async () => {
    const list = json((await callJson(server.info.endpoint, keys, 'ListSecrets', { MaxResults: 1 })).text);
    const entry = (list.SecretList as Array<Record<string, unknown>>)[0] ?? {};
    expect(typeof entry.CreatedDate).toBe('number');
    expect(typeof entry.LastChangedDate).toBe('number');
    expect(entry.CreatedDate as number).toBeGreaterThan(1_000_000_000);
    expect(entry.CreatedDate as number).toBeLessThan(10_000_000_000);
    expect(entry.ARN).toBe(`arn:aws:secretsmanager:us-east-1:111122223333:secret:${entry.Name as string}-${(entry.ARN as string).slice(-6)}`);
    expect(entry.ARN).toMatch(/-[A-Za-z0-9]{6}$/);
    const answer = await callJson(server.info.endpoint, keys, 'DescribeSecret', { SecretId: entry.ARN });
    expect(answer.status).toBe(200);
    const described = json(answer.text);
    expect(described.Name).toBe(entry.Name);
    expect(Object.values(described.VersionIdsToStages as Record<string, string[]>).flat()).toContain('AWSCURRENT');
    const partial = await callJson(server.info.endpoint, keys, 'DescribeSecret', { SecretId: (entry.ARN as string).slice(0, -7) });
    expect(json(partial.text).ARN).toBe(entry.ARN);
  });

  it('returns SecretBinary as base64 in JSON', async () => {
    const answer = json((await callJson(server.info.endpoint, keys, 'GetSecretValue', { SecretId: 'production/platform/tls/client-keystore' })).text);
    expect(answer.SecretString).toBeUndefined();
    const bytes = Buffer.from(answer.SecretBinary as string, 'base64');
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x30, 0x82, 0x04, 0xac]));
    expect(answer.VersionStages).toEqual(['AWSCURRENT']);
    expect(typeof answer.CreatedDate).toBe('number');
  });

  it('refuses unknown keys, wrong secrets, tampered bodies and missing signatures', async () => {
    const unknown = await callJson(server.info.endpoint, { ...keys, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, 'ListSecrets', {});
    expect(unknown.status).toBe(400);
    expect(json(unknown.text)).toEqual({ __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    const wrong = await callJson(server.info.endpoint, { ...keys, secretAccessKey: 'wrong' }, 'ListSecrets', {});
    expect(wrong.status).toBe(400);
    expect(json(wrong.text).__type).toBe('InvalidSignatureException');
    expect(json(wrong.text).message).toContain('does not match the signature you provided');
    const tampered = await callJson(
      server.info.endpoint,
      keys,
      'DeleteSecret',
      { SecretId: 'production/a' },
      { tamper: () => '{"SecretId":"production/b"}' },
    );
    expect(json(tampered.text).__type).toBe('InvalidSignatureException');
    const unsigned = await callJson(server.info.endpoint, keys, 'ListSecrets', {}, { unsigned: true });
    expect(json(unsigned.text).__type).toBe('MissingAuthenticationTokenException');
    const wrongService = await callJson(server.info.endpoint, keys, 'ListSecrets', {}, { service: 'sts' });
    expect(json(wrongService.text).__type).toBe('InvalidSignatureException');
  });

  it('checks clock skew as AWS does (5 minutes either way)', async () => {
    const old = await callJson(server.info.endpoint, keys, 'ListSecrets', {}, { signedAt: Date.now() - 6 * 60_000 });
    expect(old.status).toBe(400);
    expect(json(old.text).__type).toBe('InvalidSignatureException');
    expect(json(old.text).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const future = await callJson(server.info.endpoint, keys, 'ListSecrets', {}, { signedAt: Date.now() + 6 * 60_000 });
    expect(json(future.text).message).toMatch(/^Signature not yet current/);
    const near = await callJson(server.info.endpoint, keys, 'ListSecrets', { MaxResults: 1 }, { signedAt: Date.now() - 4 * 60_000 });
    expect(near.status).toBe(200);
    expect(Date.parse(near.headers.get('date') ?? '')).toBeGreaterThan(Date.now() - 5000);
  });

  it('answers front-end errors: unknown operation, bad JSON, constraint violations', async () => {
    const unknown = await callJson(server.info.endpoint, keys, 'ReplicateSecretToRegions', { SecretId: 'x' });
    expect(json(unknown.text).__type).toBe('UnknownOperationException');
    const bad = await callJson(server.info.endpoint, keys, 'ListSecrets', '{not json');
    expect(json(bad.text).__type).toBe('SerializationException');
    const tooMany = await callJson(server.info.endpoint, keys, 'ListSecrets', { MaxResults: 101 });
    expect(tooMany.status).toBe(400);
    expect(json(tooMany.text).__type).toBe('ValidationException');
    const missing = await callJson(server.info.endpoint, keys, 'DescribeSecret', {});
    expect(json(missing.text).__type).toBe('ValidationException');
  });

  it('honours the knobs: throttling, 5xx, dropped sockets, latency', async () => {
    server.knobs.throttleRate = 1;
    const throttled = await callJson(server.info.endpoint, keys, 'ListSecrets', {});
    expect(throttled.status).toBe(400);
    expect(json(throttled.text)).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
    server.knobs.throttleRate = 0;
    server.knobs.errorRate = 1;
    const failed = await callJson(server.info.endpoint, keys, 'ListSecrets', {});
    expect(failed.status).toBe(500);
    expect(json(failed.text).__type).toBe('InternalServiceError');
    expect(failed.headers.get('x-amzn-requestid')).toMatch(UUID);
    server.knobs.errorRate = 0;
    server.knobs.dropRate = 1;
    await expect(callJson(server.info.endpoint, keys, 'ListSecrets', {})).rejects.toThrow();
    server.knobs.dropRate = 0;
    server.knobs.latencyMs = 150;
    const started = Date.now();
    expect((await callJson(server.info.endpoint, keys, 'ListSecrets', { MaxResults: 1 })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('enforces the documented per-operation rates when asked', async () => {
    server.knobs.enforceRateLimits = true;
    const answers = await Promise.all(Array.from({ length: 200 }, () => callJson(server.info.endpoint, keys, 'ListSecrets', { MaxResults: 1 })));
    const throttled = answers.filter((a) => a.status === 400 && json(a.text).__type === 'ThrottlingException').length;
    expect(throttled).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(100);
    // Another operation has its own quota.
    expect((await callJson(server.info.endpoint, keys, 'GetSecretValue', { SecretId: 'production/platform/tls/client-keystore' })).status).toBe(200);
  });
});

describe('STS wire (raw HTTP)', () => {
  it('answers GetCallerIdentity and AssumeRole in XML', async () => {
    const me = await callSts(server.info.endpoint, keys, { Action: 'GetCallerIdentity' });
    expect(me.status).toBe(200);
    expect(me.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(me.text).toContain('<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/keyhole-sandbox</Arn>');
    const assumed = await callSts(server.info.endpoint, keys, {
      Action: 'AssumeRole',
      RoleArn: server.info.roleArn,
      RoleSessionName: 'raw',
      DurationSeconds: '900',
    });
    expect(assumed.status).toBe(200);
    const get = (tag: string) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(assumed.text)?.[1] ?? '';
    expect(get('AccessKeyId')).toMatch(/^ASIA/);
    expect(Date.parse(get('Expiration')) - Date.now()).toBeLessThanOrEqual(900_000);
    const session = { accessKeyId: get('AccessKeyId'), secretAccessKey: get('SecretAccessKey'), sessionToken: get('SessionToken') };
    const asRole = await callSts(server.info.endpoint, session, { Action: 'GetCallerIdentity' });
    expect(asRole.text).toContain('assumed-role/keyhole-sandbox-operator/raw');
    const listed = await callJson(server.info.endpoint, session, 'ListSecrets', { MaxResults: 1 });
    expect(listed.status).toBe(200);
    const { sessionToken: _dropped, ...withoutToken } = session;
    const noToken = await callJson(server.info.endpoint, withoutToken, 'ListSecrets', {});
    expect(json(noToken.text).__type).toBe('UnrecognizedClientException');
  });

  it('answers credential and permission failures with STS error documents', async () => {
    const unknown = await callSts(server.info.endpoint, { ...keys, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, { Action: 'GetCallerIdentity' });
    expect(unknown.status).toBe(403);
    expect(unknown.text).toContain('<Code>InvalidClientTokenId</Code>');
    const wrong = await callSts(server.info.endpoint, { ...keys, secretAccessKey: 'nope' }, { Action: 'GetCallerIdentity' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const denied = await callSts(server.info.endpoint, keys, {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::111122223333:role/other',
      RoleSessionName: 'x1',
    });
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('<Code>AccessDenied</Code>');
    const tooLong = await callSts(server.info.endpoint, keys, {
      Action: 'AssumeRole',
      RoleArn: server.info.roleArn,
      RoleSessionName: 'x1',
      DurationSeconds: '7200',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('<Code>ValidationError</Code>');
  });
});

describe('persistence', () => {
  it('keeps keys, secrets and sessions across a restart in the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyhole-aws-sandbox-'));
    try {
      const seed = generateSeed({ count: 10, seed: 9 });
      const first = await startAwsSandbox({ seed, dataDir });
      const k = { accessKeyId: first.info.accessKeyId, secretAccessKey: first.info.secretAccessKey };
      const created = json((await callJson(first.info.endpoint, k, 'CreateSecret', { Name: 'production/kept', SecretString: 'still here' })).text);
      await first.close();
      const onDisk = JSON.parse(readFileSync(join(dataDir, 'aws-secrets-manager.json'), 'utf8')) as { format: string };
      expect(onDisk.format).toBe('keyhole-aws-sandbox/1');
      const second = await startAwsSandbox({ seed: generateSeed({ count: 3, seed: 1 }), dataDir });
      expect(second.info.accessKeyId).toBe(k.accessKeyId);
      const read = json((await callJson(second.info.endpoint, k, 'GetSecretValue', { SecretId: 'production/kept' })).text);
      expect(read.SecretString).toBe('still here');
      expect(read.ARN).toBe(created.ARN);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
