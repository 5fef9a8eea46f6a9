import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { toAzureName } from '../../../sandbox/azure';
import { CANARY_SECRET_NAME, generateSeed } from '../../../sandbox/seed/generate';
import { createAzureProvider } from './provider';
import { startAzureFixture, type AzureFixture } from './testing';

const CANARY = 'kh-canary-7Qw9Zt3Lp0Xv';
const canaryForms = [CANARY, Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY, 'utf16le').toString('latin1')];
const canaryName = toAzureName(CANARY_SECRET_NAME);

async function errorOf(promise: Promise<unknown>): Promise<KeyholeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyholeError) return error;
    throw new Error('not a KeyholeError', { cause: error });
  }
  throw new Error('resolved');
}

function expectNoCanary(error: KeyholeError): void {
  const surfaces = [
    error.message,
    error.detail ?? '',
    error.path ?? '',
    error.requestId ?? '',
    JSON.stringify(error),
    String(error),
    error.stack ?? '',
  ];
  for (const surface of surfaces) for (const form of canaryForms) expect(surface).not.toContain(form);
}

describe('Azure Key Vault provider: failures mapped at the boundary', () => {
  let fx: AzureFixture;
  const mapped: KeyholeError[] = [];
  const fail = async (promise: Promise<unknown>) => {
    const error = await errorOf(promise);
    mapped.push(error);
    return error;
  };

  beforeAll(async () => {
    fx = await startAzureFixture({ seed: generateSeed({ count: 30, canary: CANARY }), settleMs: 100 });
  });
  afterAll(async () => {
    await fx.sandbox.close();
    // Every error any test here provoked: none carries the planted value in any form.
    expect(mapped.length).toBeGreaterThan(5);
    for (const error of mapped) expectNoCanary(error);
  });

  it('maps 429 to THROTTLED with the Retry-After the vault sent and its request id', async () => {
    fx.sandbox.knobs.throttleRate = 1;
    const error = await fail(fx.provider('production').read(canaryName)).finally(() => (fx.sandbox.knobs.throttleRate = 0));
    expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 1000, detail: '429', path: canaryName });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps the vault rate limit the same way', async () => {
    const small = await startAzureFixture({ seed: generateSeed({ count: 3 }), vaultTransactionsPerSecond: 2, knobs: { enforceRateLimits: true } });
    try {
      const provider = small.provider('production');
      const codes = await Promise.all(Array.from({ length: 6 }, () => provider.metadata('nope').catch((e: KeyholeError) => e.code)));
      expect(codes).toContain('THROTTLED');
    } finally {
      await small.sandbox.close();
    }
  });

  it('maps 5xx and dropped connections to UNAVAILABLE', async () => {
    fx.sandbox.knobs.errorRate = 1;
    const failed = await fail(fx.provider('production').read(canaryName)).finally(() => (fx.sandbox.knobs.errorRate = 0));
    expect(failed).toMatchObject({ code: 'UNAVAILABLE', detail: '500' });
    fx.sandbox.knobs.dropRate = 1;
    const dropped = await fail(fx.provider('production').read(canaryName)).finally(() => (fx.sandbox.knobs.dropRate = 0));
    expect(dropped.code).toBe('UNAVAILABLE');
  });

  it('maps a refused client secret to UNAUTHENTICATED without the credential error text', async () => {
    const provider = fx.provider('production', { clientSecret: CANARY });
    const read = await fail(provider.read(canaryName));
    expect(read.code).toBe('UNAUTHENTICATED');
    expect(read.detail).toBe('AuthenticationRequiredError');
    const identity = await fail(provider.identity());
    expect(identity.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to build a client-secret provider without its secret', async () => {
    const build = () => createAzureProvider(fx.config, {}, { kind: 'azure', vaultUrl: fx.sandbox.info.vaultUrls.staging, prefix: '' }, fx.deps);
    expect(build).toThrow(KeyholeError);
  });

  it('maps a vault without the sandbox CA to a refusal, not a trust', async () => {
    const untrusting = createAzureProvider(
      fx.config,
      { clientSecret: fx.sandbox.info.clientSecret },
      { kind: 'azure', vaultUrl: fx.sandbox.info.vaultUrls.production, prefix: '' },
      { ...fx.deps, caPem: undefined },
    );
    const error = await fail(untrusting.read(canaryName));
    expect(['UNAVAILABLE', 'UNAUTHENTICATED']).toContain(error.code);
  });

  it('maps 403 on a disabled canary, 404 on a missing secret and a version that does not exist', async () => {
    const provider = fx.provider('production');
    await provider.updateMetadata(canaryName, { enabled: false });
    expect((await fail(provider.read(canaryName))).code).toBe('FORBIDDEN');
    await provider.updateMetadata(canaryName, { enabled: true });
    expect((await fail(provider.read('no-such-secret'))).code).toBe('NOT_FOUND');
    expect((await fail(provider.read(canaryName, '0'.repeat(32)))).code).toBe('NOT_FOUND');
    expect((await fail(provider.write(canaryName, { value: { kind: 'string', value: CANARY }, expectedVersion: 'stale' }))).code).toBe('CONFLICT');
    expect((await fail(provider.create(canaryName, { value: { kind: 'string', value: CANARY.repeat(2000) } }))).code).toBe('VALUE_TOO_LARGE');
  });
});
