/**
 * Bulk rotation with AWS's own rotation function: the embedded sandbox's AWS server (RotateSecret,
 * its rotation function with a fault knob) over the official SDK, through the contract's dispatch.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bindContract } from '../../../../../shared/ipc/bind';
import type { BulkView, RotationView } from '../../../../../shared/ipc/channels/rotation';
import { contract } from '../../../../../shared/ipc/contract';
import { composeCore } from '../../../compose-core';
import type { EmbeddedSandbox } from '../../../sandbox/embedded';
import type { SandboxInfo } from '../../../sandbox/start';
import type { Core } from '../../core';
import { createHandlers } from '../../handlers';
import { silentLogger } from '../../logger';
import { totpAt } from '../../mfa/totp';
import { rawClient } from '../../providers/aws/testing';
import type { Provider } from '../../providers/provider';
import { fieldsValue } from '../../providers/value';
import { systemClock } from '../../system-clock';
import { testKeychain } from '../../testing/test-keychain';

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const CANARY = 'CANARY-bulk-native-5Wp2z';

describe('bulk rotation with AWS rotation functions', () => {
  let core: Core;
  let dataDir: string;
  let sm: SecretsManager;
  let lambdaArn: string;
  let call: (channel: string, payload: unknown) => Promise<Result>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keyhole-bulk-native-'));
    core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock: systemClock,
      logger: silentLogger,
      emit: () => undefined,
      shell: 'e2e-host',
      version: 'test',
      sandbox: { seedCount: 5, providers: ['aws'], awsRotation: { stepMs: 20 } },
      nativeRotation: { pollMs: 30 },
    });
    const dispatch = bindContract(contract, createHandlers(core));
    call = (channel, payload) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
    await core.sandbox.open();
    const info = (core.sandbox.info() as SandboxInfo).aws!;
    sm = rawClient(info);
    lambdaArn = `arn:aws:lambda:${info.region}:${info.accountId}:function:keyhole-rotate-postgres`;
  }, 30_000);
  afterAll(async () => {
    sm.destroy();
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(() => (core.sandbox as EmbeddedSandbox).setAwsRotationFault(null));

  async function value<T>(channel: string, payload: unknown): Promise<T> {
    const result = await call(channel, payload);
    expect(result.error, channel).toBeUndefined();
    return result.value as T;
  }

  async function environment(protectedEnv: boolean): Promise<{ provider: Provider; environmentId: string; prefix: string }> {
    const { environments } = await core.connections.list();
    const env = environments.find((e) => e.protected === protectedEnv)!;
    const provider = await core.providers.get(core.connections.connection(env.connectionId), core.connections.environment(env.id));
    return { provider, environmentId: env.id, prefix: env.scope.kind === 'aws' ? env.scope.prefix : '' };
  }

  /** A secret with a rotation function, set up as an operator would (a test run of RotateSecret, waited for). */
  async function rotatable(provider: Provider, prefix: string, name: string): Promise<void> {
    await provider.create(name, { value: fieldsValue({ username: 'app', password: `${CANARY}-${name}` }) });
    await sm.rotateSecret({
      SecretId: prefix + name,
      RotationLambdaARN: lambdaArn,
      RotateImmediately: false,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    const deadline = Date.now() + 5000;
    for (;;) {
      const out = await sm.describeSecret({ SecretId: prefix + name });
      if (!Object.values(out.VersionIdsToStages ?? {}).some((labels) => labels.includes('AWSPENDING'))) return;
      if (Date.now() > deadline) throw new Error('the configuration test did not finish');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('stops at a secret whose testSecret fails; run on, the label it left refuses that secret and the third rotates', async () => {
    const { provider, environmentId, prefix } = await environment(false);
    const names = ['bulk-native/one', 'bulk-native/two', 'bulk-native/three'];
    for (const name of names) await rotatable(provider, prefix, name);
    const before = await Promise.all(names.map(async (name) => (await provider.read(name)).version));
    (core.sandbox as EmbeddedSandbox).setAwsRotationFault({ step: 'testSecret', mode: 'fail', secret: `${prefix}bulk-native/two` });
    const items = names.map((name) => ({ environmentId, name }));
    const template = { kind: 'aws-native', immediately: true };

    const started = await value<BulkView>('rotation:bulkStart', { items, template, continueOnFailure: false, reason: 'yearly' });
    expect(started.summary).toBe("AWS's own rotation function, rotating now");
    await core.bulkRotation.settled(started.id);
    const stopped = await value<BulkView>('rotation:bulkGet', { id: started.id });
    expect(stopped.status).toBe('stopped');
    expect(stopped.items.map((i) => [i.status, i.error?.code])).toEqual([
      ['completed', undefined],
      ['failed', 'ROTATION_FAILED'],
      ['skipped', undefined],
    ]);
    const failed = await value<RotationView>('rotation:get', { id: stopped.items[1]!.rotationId });
    expect(failed).toMatchObject({ kind: 'aws-native', bulkId: stopped.id, status: 'failed', native: { failedStep: 'testSecret' } });
    const done = await value<RotationView>('rotation:get', { id: stopped.items[0]!.rotationId });
    expect(done).toMatchObject({ kind: 'aws-native', bulkId: stopped.id, status: 'completed' });
    expect((await provider.read(names[0]!)).version).toBe(done.id);
    expect((await provider.read(names[2]!)).version).toBe(before[2]);

    const onward = await core.bulkRotation.settled((await value<BulkView>('rotation:bulkStart', { items, template, continueOnFailure: true })).id);
    // The AWSPENDING the failed rotation left refuses the next one, as it would alone.
    expect(onward.items.map((i) => [i.status, i.error?.code])).toEqual([
      ['completed', undefined],
      ['failed', 'ROTATION_PENDING_LABEL'],
      ['completed', undefined],
    ]);
    expect(onward.status).toBe('completed');
    expect((await provider.read(names[2]!)).version).toBe(onward.items[2]!.rotationId);

    const audit = core.audit.list(1000);
    expect(audit.filter((e) => e.action === 'rotation.bulk.item' && e.details.bulk === onward.id).map((e) => e.details.outcome)).toEqual([
      'completed',
      'failed',
      'completed',
    ]);
    await core.audit.flush();
    const said = JSON.stringify([audit, stopped, onward, failed, core.db.prepare('SELECT * FROM rotation_bulks').all()]);
    expect(said).not.toContain(CANARY);
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('keyhole.sqlite')))
      expect(readFileSync(join(dataDir, file)).includes(Buffer.from(CANARY)), file).toBe(false);
  }, 30_000);

  it("one fresh code at the bulk's start covers AWS rotations of protected secrets", async () => {
    const { provider, environmentId, prefix } = await environment(true);
    const names = ['bulk-native/p-one', 'bulk-native/p-two'];
    for (const name of names) await rotatable(provider, prefix, name);
    const request = {
      items: names.map((name) => ({ environmentId, name })),
      template: { kind: 'aws-native', immediately: true },
      continueOnFailure: false,
    };
    expect(await call('rotation:bulkStart', request)).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REQUIRED' } });
    const enrollment = await core.mfa.beginEnrollment({});
    await core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, Date.now()));
    // A code not used yet: the next 30-second step's.
    const code = await totpAt(enrollment.secret, Date.now() + 30_000);
    const bulk = await core.bulkRotation.settled((await value<BulkView>('rotation:bulkStart', { ...request, code })).id);
    expect(bulk.items.map((i) => i.status)).toEqual(['completed', 'completed']);
    for (const [index, name] of names.entries()) expect((await provider.read(name)).version).toBe(bulk.items[index]!.rotationId);
  }, 30_000);
});
