import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_SECRET_NAME } from '../../../sandbox/seed/generate';
import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../../shared/errors';
import type { Provider } from '../provider';
import type { SecretValue } from '../value';
import { listAll, rawClient, sandboxProvider, startSeededSandbox, type AwsSandbox } from './testing';

const CANARY = 'canary-Zq8vT3xR9pL2mW7k';
const seen: KeyholeError[] = [];

async function failure(promise: Promise<unknown>): Promise<KeyholeError> {
  try {
    await promise;
  } catch (error) {
    if (!isKeyholeError(error)) throw error;
    seen.push(error);
    return error;
  }
  throw new Error('expected a failure');
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<KeyholeError> {
  const error = await failure(promise);
  expect(error.code).toBe(code);
  return error;
}

let sandbox: AwsSandbox;
let prod: Provider;
let staging: Provider;

beforeAll(async () => {
  sandbox = await startSeededSandbox({ count: 260, canary: CANARY });
  prod = sandboxProvider(sandbox.info);
  staging = sandboxProvider(sandbox.info, { prefix: sandbox.info.prefixes.staging });
});

afterAll(async () => {
  await prod.close();
  await staging.close();
  await sandbox.close();
});

describe('identity and listing', () => {
  it('names the caller by its ARN', async () => {
    const identity = await prod.identity();
    expect(identity.principal).toBe(`arn:aws:iam::${sandbox.info.accountId}:user/keyhole-sandbox`);
  });

  it('lists every secret of the scope over several pages, names relative, metadata complete', async () => {
    const pages: number[] = [];
    const items = [];
    for await (const page of prod.list()) {
      pages.push(page.items.length);
      items.push(...page.items);
    }
    expect(pages.length).toBeGreaterThan(1);
    const raw = await rawClient(sandbox.info).listSecrets({ MaxResults: 100, Filters: [{ Key: 'name', Values: ['production/'] }] });
    expect(items.length).toBeGreaterThan(raw.SecretList?.length ?? 0);
    const names = new Set(items.map((s) => s.name));
    expect(names.size).toBe(items.length);
    expect(names.has(CANARY_SECRET_NAME)).toBe(true);
    expect(names.has('platform/tls/client-keystore')).toBe(true);
    for (const s of items) {
      expect(s.name.startsWith('production/')).toBe(false);
      expect(s.metadataComplete).toBe(true);
      expect(s.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(s.currentVersion).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.versionCount).toBeGreaterThanOrEqual(1);
      expect(s.tags?.team).toBeDefined();
    }
  });

  it('keeps to a true prefix although the name filter matches words', async () => {
    const raw = rawClient(sandbox.info);
    await raw.createSecret({ Name: 'archive/production/leftover', SecretString: 'x' });
    const items = await listAll(prod);
    expect(items.some((s) => s.name.includes('leftover'))).toBe(false);
  });

  it('follows NextToken through pages the service answers empty', async () => {
    const big = await startSeededSandbox({ count: 3000 });
    const raw = rawClient(big.info);
    const first = await raw.listSecrets({ MaxResults: 100, Filters: [{ Key: 'name', Values: ['nothing/'] }] });
    expect(first.SecretList).toEqual([]);
    expect(first.NextToken).toBeDefined();
    const provider = sandboxProvider(big.info, { prefix: 'nothing/' });
    const pages = [];
    for await (const page of provider.list()) pages.push(page);
    expect(pages).toEqual([{ items: [] }]);
    raw.destroy();
    await provider.close();
    await big.close();
  });

  it('shows secrets scheduled for deletion as deleted', async () => {
    const items = await listAll(staging);
    const deleted = items.filter((s) => s.deleted);
    expect(deleted.length).toBe(1);
  });

  it('scopes by tag exactly, not by tag prefix', async () => {
    const raw = rawClient(sandbox.info);
    await raw.createSecret({ Name: 'production/growth/lookalike', SecretString: 'x', Tags: [{ Key: 'team', Value: 'paymentsX' }] });
    const payments = sandboxProvider(sandbox.info, { tag: { key: 'team', value: 'payments' } });
    const items = await listAll(payments);
    expect(items.length).toBeGreaterThan(3);
    expect(items.every((s) => s.tags?.team === 'payments')).toBe(true);
    await payments.close();
  });

  it('describes a secret with its stages and rotation', async () => {
    const items = await listAll(prod);
    const rotated = [];
    for (const s of items.filter((i) => i.tags?.kind === 'postgres')) {
      const m = await prod.metadata(s.name);
      if (m.rotation) rotated.push(m);
    }
    expect(rotated.length).toBe(2);
    const first = rotated[0];
    expect(first?.rotation?.enabled).toBe(true);
    expect(first?.rotation?.lambdaArn).toContain(':function:');
    expect(first?.rotation?.nextRotationAt).toBeDefined();
    expect(first?.providerId).toMatch(/^arn:aws:secretsmanager:us-east-1:111122223333:secret:production\/.+-[A-Za-z0-9]{6}$/);
    expect(first?.versions?.find((v) => v.current)?.stages).toContain('AWSCURRENT');
  });
});

describe('reading', () => {
  it('reads JSON objects as fields, other strings as strings, binary as bytes', async () => {
    const items = await listAll(prod);
    const pg = items.find((s) => s.tags?.kind === 'postgres');
    const plain = items.find((s) => s.tags?.kind === 'stripe' || s.tags?.kind === 'datadog');
    const pgValue = await prod.read(pg?.name ?? '');
    expect(pgValue.value.kind).toBe('fields');
    if (pgValue.value.kind === 'fields') expect(Object.keys(pgValue.value.fields)).toEqual(['host', 'port', 'username', 'password']);
    expect((await prod.read(plain?.name ?? '')).value.kind).toBe('string');
    const binary = await prod.read('platform/tls/client-keystore');
    const raw = await rawClient(sandbox.info).getSecretValue({ SecretId: 'production/platform/tls/client-keystore' });
    expect(binary.value.kind).toBe('binary');
    if (binary.value.kind === 'binary') {
      expect(Buffer.from(binary.value.bytes).equals(Buffer.from(raw.SecretBinary ?? new Uint8Array()))).toBe(true);
      expect(binary.value.bytes[4]).toBe(0xff);
    }
  });

  it('reads an older version by id', async () => {
    const items = await listAll(prod);
    const multi = items.find((s) => (s.versionCount ?? 0) >= 2 && s.tags?.kind === 'postgres');
    const meta = await prod.metadata(multi?.name ?? '');
    const previous = meta.versions?.find((v) => v.stages?.includes('AWSPREVIOUS'));
    const read = await prod.read(multi?.name ?? '', previous?.id);
    expect(read.version).toBe(previous?.id);
    expect(read.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('batches readMany by 20 with per-secret errors', async () => {
    const items = (await listAll(staging)).filter((s) => !s.deleted).slice(0, 41);
    const deleted = (await listAll(staging)).find((s) => s.deleted);
    const names = [...items.map((s) => s.name), 'no/such/secret', deleted?.name ?? '', 'bad name!'];
    const results = await staging.readMany(names);
    expect(results.map((r) => r.name)).toEqual(names);
    for (const r of results.slice(0, 41)) {
      expect(r.error).toBeUndefined();
      expect(r.result?.version).toBe(items.find((i) => i.name === r.name)?.currentVersion);
    }
    expect(results[41]?.error?.code).toBe('NOT_FOUND');
    expect(results[42]?.error?.code).toBe('DELETED');
    expect(results[43]?.error?.code).toBe('INVALID_NAME');
    const single = await staging.read(items[5]?.name ?? '');
    expect(results[5]?.result?.value).toEqual(single.value);
    results.forEach((r) => r.error && seen.push(r.error));
  });

  it('lists versions with stages, deprecated ones on request', async () => {
    const items = await listAll(prod);
    const multi = items.find((s) => (s.versionCount ?? 0) >= 2);
    const labelled = await prod.versions(multi?.name ?? '');
    const all = await prod.versions(multi?.name ?? '', undefined, { includeDeprecated: true });
    expect(labelled.items.length).toBe(2);
    expect(labelled.items.filter((v) => v.current).length).toBe(1);
    expect(all.items.length).toBeGreaterThanOrEqual(labelled.items.length);
    expect(all.items.every((v) => v.createdAt !== undefined)).toBe(true);
  });

  it('maps a missing secret and a bad name', async () => {
    await expectCode(prod.read('no/such/secret'), 'NOT_FOUND');
    await expectCode(prod.metadata('has space'), 'INVALID_NAME');
    await expectCode(prod.read(''), 'INVALID_NAME');
    const long = await failure(prod.read('a'.repeat(600)));
    expect(long.code).toBe('INVALID_NAME');
  });
});

describe('writing under the stage-label protocol', () => {
  const name = 'payments/checkout/new-key';
  const value = (v: string): SecretValue => ({ kind: 'fields', fields: { api_key: v } });

  it('creates, refuses a duplicate, writes a new version and moves the labels', async () => {
    const created = await prod.create(name, { value: value('one'), metadata: { description: 'checkout key', tags: { team: 'payments' } } });
    await expectCode(prod.create(name, { value: value('dup') }), 'ALREADY_EXISTS');
    const written = await prod.write(name, { value: value('two'), expectedVersion: created.version });
    expect(written.version).not.toBe(created.version);
    const read = await prod.read(name);
    expect(read.value).toEqual(value('two'));
    expect(read.version).toBe(written.version);
    const meta = await prod.metadata(name);
    expect(meta.description).toBe('checkout key');
    expect(meta.currentVersion).toBe(written.version);
    expect(meta.versions?.find((v) => v.id === created.version)?.stages).toEqual(['AWSPREVIOUS']);
    const all = await prod.versions(name, undefined, { includeDeprecated: true });
    expect(all.items.flatMap((v) => v.stages ?? []).filter((s) => s.startsWith('KEYHOLE-'))).toEqual([]);
  });

  it('refuses a write based on a version that is no longer current, leaving nothing staged', async () => {
    const before = await prod.read(name);
    const raw = rawClient(sandbox.info);
    const theirs = await raw.putSecretValue({ SecretId: `production/${name}`, SecretString: JSON.stringify({ api_key: 'theirs' }) });
    await expectCode(prod.write(name, { value: value('mine'), expectedVersion: before.version }), 'CONFLICT');
    const after = await prod.read(name);
    expect(after.version).toBe(theirs.VersionId);
    expect(after.value).toEqual(value('theirs'));
    const all = await prod.versions(name, undefined, { includeDeprecated: true });
    expect(all.items.flatMap((v) => v.stages ?? []).some((s) => s.startsWith('KEYHOLE-'))).toBe(false);
    const deprecated = all.items.filter((v) => (v.stages ?? []).length === 0);
    expect(deprecated.length).toBeGreaterThanOrEqual(1);
  });

  it('rolls back to a previous version only from the version read', async () => {
    const meta = await prod.metadata(name);
    const previous = meta.versions?.find((v) => v.stages?.includes('AWSPREVIOUS'))?.id ?? '';
    await expectCode(prod.rollback(name, { toVersion: previous, expectedVersion: previous }), 'CONFLICT');
    const rolled = await prod.rollback(name, { toVersion: previous, expectedVersion: meta.currentVersion ?? '' });
    expect(rolled.version).toBe(previous);
    expect((await prod.read(name)).version).toBe(previous);
    await expectCode(prod.rollback(name, { toVersion: '00000000-0000-4000-8000-000000000000', expectedVersion: previous }), 'NOT_FOUND');
  });

  it('writes strings and bytes as they are, and refuses values over 64 KiB', async () => {
    const bytes = new Uint8Array([0, 255, 254, 10, 13, 0x80]);
    const created = await prod.create('platform/blob', { value: { kind: 'binary', bytes } });
    const read = await prod.read('platform/blob');
    expect(read.value.kind === 'binary' && Buffer.from(read.value.bytes).equals(Buffer.from(bytes))).toBe(true);
    const text = '{"not": ["fields"]}';
    await prod.write('platform/blob', { value: { kind: 'string', value: text }, expectedVersion: created.version });
    expect((await prod.read('platform/blob')).value).toEqual({ kind: 'string', value: text });
    await expectCode(
      prod.write('platform/blob', { value: { kind: 'string', value: 'x'.repeat(65_537) }, expectedVersion: created.version }),
      'VALUE_TOO_LARGE',
    );
  });

  it('updates description and tags, adding, changing and removing', async () => {
    await prod.updateMetadata(name, { description: 'rotated quarterly', tags: { team: 'payments-core', tier: '1' } });
    const meta = await prod.metadata(name);
    expect(meta.description).toBe('rotated quarterly');
    expect(meta.tags).toEqual({ team: 'payments-core', tier: '1' });
    await expectCode(prod.updateMetadata(name, { expiresAt: '2030-01-01T00:00:00Z' }), 'UNSUPPORTED');
  });
});

describe('deleting, restoring and destroying', () => {
  const name = 'search/indexer/doomed';

  it('schedules deletion, refuses use, restores, and destroys for good', async () => {
    await prod.create(name, { value: { kind: 'string', value: 'v' } });
    await expectCode(prod.delete(name, { recoveryDays: 5 }), 'INVALID_INPUT');
    await prod.delete(name, { recoveryDays: 7 });
    expect((await prod.metadata(name)).deleted).toBe(true);
    await expectCode(prod.read(name), 'DELETED');
    await expectCode(prod.write(name, { value: { kind: 'string', value: 'w' }, expectedVersion: 'x'.repeat(36) }), 'DELETED');
    await expectCode(prod.updateMetadata(name, { tags: { a: 'b' } }), 'DELETED');
    await expectCode(prod.delete(name), 'DELETED');
    await expectCode(prod.create(name, { value: { kind: 'string', value: 'again' } }), 'DELETED');
    await prod.restore(name);
    expect((await prod.read(name)).value).toEqual({ kind: 'string', value: 'v' });
    await expectCode(prod.destroy(name, ['1']), 'UNSUPPORTED');
    await prod.destroy(name);
    await expectCode(prod.metadata(name), 'NOT_FOUND');
  });
});

describe('faults reach the caller as codes', () => {
  afterEach(() => {
    Object.assign(sandbox.knobs, { throttleRate: 0, errorRate: 0, dropRate: 0, latencyMs: 0, enforceRateLimits: false });
  });

  it('maps throttling, server errors, dropped sockets and cancellation', async () => {
    sandbox.knobs.throttleRate = 1;
    const throttled = await expectCode(prod.read(CANARY_SECRET_NAME), 'THROTTLED');
    expect(throttled.detail).toBe('ThrottlingException');
    expect(throttled.requestId).toMatch(/[0-9a-f-]{36}/);
    await expectCode(prod.readMany([CANARY_SECRET_NAME, 'platform/tls/client-keystore']), 'THROTTLED');
    sandbox.knobs.throttleRate = 0;
    sandbox.knobs.errorRate = 1;
    const unavailable = await expectCode(
      prod.write(CANARY_SECRET_NAME, { value: { kind: 'string', value: CANARY }, expectedVersion: 'y'.repeat(36) }),
      'UNAVAILABLE',
    );
    expect(unavailable.detail).toBe('InternalServiceError');
    sandbox.knobs.errorRate = 0;
    sandbox.knobs.dropRate = 1;
    await expectCode(prod.metadata(CANARY_SECRET_NAME), 'UNAVAILABLE');
    sandbox.knobs.dropRate = 0;
    const controller = new AbortController();
    controller.abort();
    await expectCode(prod.read(CANARY_SECRET_NAME, undefined, { signal: controller.signal }), 'CANCELLED');
    sandbox.knobs.latencyMs = 400;
    const slow = new AbortController();
    setTimeout(() => slow.abort(), 50);
    await expectCode(prod.read(CANARY_SECRET_NAME, undefined, { signal: slow.signal }), 'CANCELLED');
    sandbox.knobs.latencyMs = 0;
  });

  it('is throttled by the documented rate limits when they are enforced', async () => {
    sandbox.knobs.enforceRateLimits = true;
    const results = await Promise.allSettled(Array.from({ length: 120 }, () => prod.versions('platform/tls/client-keystore')));
    sandbox.knobs.enforceRateLimits = false;
    const codes = results.map((r) => (r.status === 'rejected' && isKeyholeError(r.reason) ? r.reason.code : 'ok'));
    expect(codes.filter((c) => c === 'THROTTLED').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(50);
    results.forEach((r) => r.status === 'rejected' && isKeyholeError(r.reason) && seen.push(r.reason));
  });

  it('refuses unknown keys and wrong secrets as UNAUTHENTICATED', async () => {
    const unknown = sandboxProvider(
      sandbox.info,
      {},
      {
        config: {
          kind: 'aws',
          region: sandbox.info.region,
          endpoint: sandbox.info.endpoint,
          auth: { method: 'keys', accessKeyId: 'AKIAAAAAAAAAAAAAAAAA' },
        },
        secrets: { secretAccessKey: sandbox.info.secretAccessKey },
      },
    );
    const e1 = await expectCode(unknown.read(CANARY_SECRET_NAME), 'UNAUTHENTICATED');
    expect(e1.detail).toBe('UnrecognizedClientException');
    const wrong = sandboxProvider(sandbox.info, {}, { secrets: { secretAccessKey: `${CANARY}-wrong` } });
    const e2 = await expectCode(wrong.read(CANARY_SECRET_NAME), 'UNAUTHENTICATED');
    expect(e2.detail).toBe('InvalidSignatureException');
    const e3 = await expectCode(wrong.identity(), 'UNAUTHENTICATED');
    expect(e3.detail).toBe('SignatureDoesNotMatch');
    const none = sandboxProvider(sandbox.info, {}, { secrets: {} });
    await expectCode(none.list()[Symbol.asyncIterator]().next(), 'UNAUTHENTICATED');
    await Promise.all([unknown.close(), wrong.close(), none.close()]);
  });

  it('corrects a skewed local clock once and goes on', async () => {
    const skewed = await startSeededSandbox({ count: 5, now: () => Date.now() + 20 * 60_000 });
    const provider = sandboxProvider(skewed.info);
    expect((await provider.identity()).principal).toContain(':user/');
    expect((await listAll(provider)).length).toBeGreaterThan(0);
    await provider.close();
    await skewed.close();
  });

  it('never lets a value or a credential into an error', () => {
    expect(seen.length).toBeGreaterThan(15);
    const forbidden = [CANARY, Buffer.from(CANARY).toString('base64'), sandbox.info.secretAccessKey];
    for (const error of seen) {
      const text = `${error.message} ${error.detail ?? ''} ${error.requestId ?? ''} ${error.path ?? ''} ${JSON.stringify(error)}`;
      for (const bad of forbidden) expect(text).not.toContain(bad);
      expect(Object.keys(error).sort()).toEqual(['code', 'detail', 'name', 'path', 'requestId', 'retryAfterMs'].filter((k) => k in error).sort());
    }
  });
});
