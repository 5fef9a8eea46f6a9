import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isKeyholeError, type KeyholeError } from '../../../../../shared/errors';
import type { Provider } from '../provider';
import { fieldsValue } from '../value';
import { rawClient, sandboxProvider, startSeededSandbox, type AwsSandbox } from './testing';

/** The adapter's native rotation over the sandbox's Secrets Manager, rotation function and CloudWatch Logs. */
const CANARY = 'canary-Nt4vQ8xW2mK7';
let sandbox: AwsSandbox;
let prod: Provider;
let lambdaArn: string;
const seen: KeyholeError[] = [];

beforeAll(async () => {
  sandbox = await startSeededSandbox({ count: 40, canary: CANARY, rotation: { stepMs: 20 } });
  prod = sandboxProvider(sandbox.info);
  lambdaArn = `arn:aws:lambda:${sandbox.info.region}:${sandbox.info.accountId}:function:keyhole-rotate-postgres`;
});

afterEach(() => {
  sandbox.rotation.fault = null;
});

afterAll(async () => {
  await prod.close();
  await sandbox.close();
  for (const error of seen) expect(`${error.message} ${error.detail ?? ''}`).not.toContain(CANARY);
});

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

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withFunction(name: string): Promise<void> {
  await prod.create(name, { value: fieldsValue({ username: 'app', password: `${CANARY}-pw` }) });
  await rawClient(sandbox.info).rotateSecret({ SecretId: `production/${name}`, RotationLambdaARN: lambdaArn, RotateImmediately: false });
  await until(async () => ((await prod.native!.state(name)).pending === undefined ? true : undefined));
}

describe('AWS native rotation in the adapter', () => {
  it('finds the AWSPENDING the seed left on a newer version, with its value, and RotateSecret is refused while such a label stands', async () => {
    let found: { name: string; version: string } | undefined;
    for await (const page of prod.list()) {
      for (const item of page.items) {
        const state = await prod.native!.state(item.name);
        if (state.pending !== undefined) found = { name: item.name, version: state.pending.version };
      }
    }
    expect(found).toBeDefined();
    const state = await prod.native!.state(found!.name);
    expect(state.pending).toEqual({ version: found!.version, onCurrent: false, hasValue: true });
    expect(state.stages[found!.version]).toEqual(['AWSPENDING']);
    expect(state.currentVersion).toBeDefined();
    expect(state.config.enabled).toBe(false);

    const name = 'native/blocked';
    await withFunction(name);
    await prod.pending!.put(name, fieldsValue({ password: `${CANARY}-staged` }), crypto.randomUUID());
    const refused = await failure(prod.native!.rotate(name, { token: crypto.randomUUID(), immediately: true }));
    expect(refused).toMatchObject({ code: 'ROTATION_PENDING_LABEL', path: name, detail: 'InvalidRequestException' });
  });

  it('rotates with the token as the version; an empty placeholder has no value; the log names each step; cancel turns rotation off', async () => {
    const name = 'native/adapter';
    await withFunction(name);
    expect((await prod.native!.state(name)).config).toMatchObject({ enabled: true, lambdaArn });
    const since = Date.now();

    sandbox.rotation.fault = { step: 'createSecret', mode: 'hang' };
    const token = crypto.randomUUID();
    expect(await prod.native!.rotate(name, { token, immediately: true })).toEqual({ version: token });
    const placeholder = await until(async () => (await prod.native!.state(name)).pending);
    expect(placeholder).toEqual({ version: token, onCurrent: false, hasValue: false });
    await prod.native!.cancel(name);
    expect((await prod.native!.state(name)).config.enabled).toBe(false);
    await prod.pending!.drop(name, token);

    sandbox.rotation.fault = null;
    const second = crypto.randomUUID();
    await prod.native!.rotate(name, { token: second, immediately: true });
    await until(async () => ((await prod.native!.state(name)).currentVersion === second ? true : undefined));
    const events = await until(async () => {
      const read = await prod.native!.log(lambdaArn, since);
      return read !== null && read.filter((e) => e.succeeded).length >= 4 ? read : undefined;
    });
    expect(events.filter((e) => e.succeeded).map((e) => e.step)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    expect(events.every((e) => e.level === 'info')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(await prod.native!.log(lambdaArn, Date.now() + 60_000)).toEqual([]);
  });

  it('reads a failure as an error at its step with the exception name, never the text', async () => {
    const name = 'native/adapter-fail';
    await withFunction(name);
    const since = Date.now();
    sandbox.rotation.fault = { step: 'setSecret', mode: 'fail', secret: `production/${name}` };
    await prod.native!.rotate(name, { token: crypto.randomUUID(), immediately: true });
    const events = await until(async () => {
      const read = await prod.native!.log(lambdaArn, since);
      return read?.some((e) => e.errorType !== undefined) ? read : undefined;
    });
    expect(events.filter((e) => e.level === 'error')).toEqual([
      { at: expect.any(Number), step: 'setSecret', level: 'error', succeeded: false },
      { at: expect.any(Number), level: 'error', succeeded: false, errorType: 'ValueError' },
    ]);
  });

  it('answers null for a log it cannot read, and maps refusals without their text', async () => {
    expect(await prod.native!.log(`arn:aws:lambda:${sandbox.info.region}:${sandbox.info.accountId}:function:no-such-function`, 0)).toBeNull();
    expect(await prod.native!.log('not-an-arn', 0)).toBeNull();
    expect(await failure(prod.native!.rotate('native/missing', { token: crypto.randomUUID(), immediately: true }))).toMatchObject({
      code: 'NOT_FOUND',
      path: 'native/missing',
    });
    await prod.create('native/no-function', { value: fieldsValue({ password: `${CANARY}-x` }) });
    expect(await failure(prod.native!.rotate('native/no-function', { token: crypto.randomUUID(), immediately: true }))).toMatchObject({
      code: 'INVALID_INPUT',
      detail: 'InvalidRequestException',
    });
    expect(await failure(prod.native!.cancel('native/missing'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
