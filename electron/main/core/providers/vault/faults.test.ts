import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { withBackoff } from '../../jobs/backoff';
import { createLogger, type LogRecord } from '../../logger';
import { systemClock } from '../../system-clock';
import { fieldsValue } from '../value';
import { startVaultFixture, type VaultFixture } from './sandbox-fixture';

const CANARY = 'CanaryZx81qLm0Vw3';
const CANARY_TOKEN = `hvs.${CANARY}tok`;

async function failure(promise: Promise<unknown>): Promise<KeyholeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KeyholeError)) throw new Error(`expected a KeyholeError, got ${String(error)}`);
  return error;
}

/** The canary in the forms a leak would take: plain, base64, UTF-16, percent-encoded. */
function leaks(text: string): boolean {
  const forms = [
    CANARY,
    Buffer.from(CANARY).toString('base64').slice(0, 16),
    Buffer.from(CANARY, 'utf16le').toString('latin1'),
    encodeURIComponent(CANARY),
  ];
  return forms.some((form) => text.includes(form));
}

describe('faults and leaks through node-vault', () => {
  let fixture: VaultFixture;
  const errors: KeyholeError[] = [];
  const records: LogRecord[] = [];
  const logger = createLogger((record) => records.push(record), 'debug');
  const caught = async (promise: Promise<unknown>) => {
    const error = await failure(promise);
    errors.push(error);
    return error;
  };

  beforeAll(async () => {
    fixture = await startVaultFixture({ seed: { canary: CANARY }, vault: { rootToken: CANARY_TOKEN } });
  });
  afterAll(async () => {
    await fixture.close();
  });

  const provider = (deps: Parameters<VaultFixture['provider']>[0] = {}) => fixture.provider({ ...deps, deps: { logger, ...deps.deps } });

  it('maps 429 to THROTTLED with the Retry-After the server sent', async () => {
    fixture.server.knobs.throttleRate = 1;
    try {
      const error = await caught(provider().read('a/b'));
      expect(error).toMatchObject({ code: 'THROTTLED', retryAfterMs: 1000, detail: '429', path: 'a/b' });
    } finally {
      fixture.server.knobs.throttleRate = 0;
    }
  });

  it('maps 500 and dropped connections to UNAVAILABLE', async () => {
    const vault = provider();
    await vault.identity();
    fixture.server.knobs.errorRate = 1;
    try {
      expect(await caught(vault.read('a/b'))).toMatchObject({ code: 'UNAVAILABLE', detail: '500' });
    } finally {
      fixture.server.knobs.errorRate = 0;
    }
    fixture.server.knobs.dropRate = 1;
    try {
      expect(
        await caught(vault.write(fixture.seed.canaryName ?? '', { value: fieldsValue({ password: CANARY }), expectedVersion: '1' })),
      ).toMatchObject({ code: 'UNAVAILABLE' });
    } finally {
      fixture.server.knobs.dropRate = 0;
    }
  });

  it('maps a refused connection to UNAVAILABLE', async () => {
    const closed = await startVaultFixture({ vault: { rootToken: CANARY_TOKEN } });
    const vault = closed.provider({ deps: { logger } });
    await closed.server.close();
    expect(await caught(vault.read('a/b'))).toMatchObject({ code: 'UNAVAILABLE', detail: 'ECONNREFUSED' });
    await vault.close();
  });

  it('maps a slow answer to TIMEOUT and an abort to CANCELLED without waiting', async () => {
    const vault = provider({ deps: { requestTimeoutMs: 100 } });
    await vault.identity();
    fixture.server.knobs.latencyMs = 400;
    try {
      expect(await caught(vault.read('a/b'))).toMatchObject({ code: 'TIMEOUT' });
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), 30);
      expect(await caught(provider().read('a/b', undefined, { signal: controller.signal }))).toMatchObject({ code: 'CANCELLED' });
      // Well under the 400 ms the server takes: the abort did not wait for the answer.
      expect(performance.now() - started).toBeLessThan(390);
    } finally {
      fixture.server.knobs.latencyMs = 0;
    }
  });

  it('is safe to retry with withBackoff through throttling and drops', async () => {
    const vault = provider();
    const name = 'retry/target';
    await vault.create(name, { value: fieldsValue({ n: '0' }) });
    fixture.server.knobs.throttleRate = 0.3;
    fixture.server.knobs.dropRate = 0.2;
    try {
      const policy = { maxAttempts: 40, baseMs: 1, maxMs: 5, retryOn: ['THROTTLED', 'UNAVAILABLE', 'TIMEOUT'] as const };
      for (let i = 0; i < 5; i += 1) {
        const current = String(i + 1);
        await withBackoff(() => vault.write(name, { value: fieldsValue({ n: String(i + 1) }), expectedVersion: current }), systemClock, { policy });
      }
      const read = await withBackoff(() => vault.read(name), systemClock, { policy });
      expect(read).toMatchObject({ version: '6', value: fieldsValue({ n: '5' }) });
    } finally {
      fixture.server.knobs.throttleRate = 0;
      fixture.server.knobs.dropRate = 0;
    }
  });

  it('produces the usual refusals with the canary in flight', async () => {
    const vault = provider();
    const name = fixture.seed.canaryName ?? '';
    expect(await caught(vault.write(name, { value: fieldsValue({ password: `${CANARY}-new` }), expectedVersion: '7' }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await caught(vault.create(name, { value: fieldsValue({ password: CANARY }), metadata: { tags: { note: CANARY } } }))).toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(await caught(provider({ secrets: { token: `${CANARY_TOKEN}x` } }).read(name))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const userpass = { kind: 'vault', address: fixture.server.info.url, auth: { method: 'userpass', username: 'operator' } } as const;
    expect(await caught(provider({ config: userpass, secrets: { password: CANARY } }).identity())).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await caught(vault.read(`${name}-absent`))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never lets the canary (value or token) into an error or a log line', () => {
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const error of errors) {
      const text = [
        error.message,
        error.detail,
        error.path,
        error.requestId,
        error.stack,
        JSON.stringify(error),
        JSON.stringify(Object.getOwnPropertyNames(error).map((k) => (error as unknown as Record<string, unknown>)[k])),
      ].join('\n');
      expect(leaks(text)).toBe(false);
      expect(Object.keys(error).sort()).toEqual(['code', 'detail', 'name', 'path', 'requestId', 'retryAfterMs'].sort());
    }
    expect(leaks(JSON.stringify(records))).toBe(false);
  });
});
