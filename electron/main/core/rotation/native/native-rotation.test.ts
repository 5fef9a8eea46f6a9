/**
 * AWS native rotation end to end through core: the contract's dispatch, the embedded sandbox's
 * AWS server (RotateSecret, its rotation function with a fault knob, CloudWatch Logs) over the
 * official SDK, the real keychain and real SQLite.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AWS_ROTATION_STEPS } from '../../../../../shared/domain';
import { bindContract } from '../../../../../shared/ipc/bind';
import type { NativeInfo, RotationView } from '../../../../../shared/ipc/channels/rotation';
import { contract } from '../../../../../shared/ipc/contract';
import { composeCore } from '../../../compose-core';
import type { AwsRotationFault } from '../../../sandbox/aws/rotation-fault';
import type { EmbeddedSandbox } from '../../../sandbox/embedded';
import type { SandboxInfo } from '../../../sandbox/start';
import type { Core } from '../../core';
import { createHandlers } from '../../handlers';
import { silentLogger } from '../../logger';
import { totpAt } from '../../mfa/totp';
import type { Clock, CredentialStore } from '../../ports';
import { rawClient } from '../../providers/aws/testing';
import type { Provider } from '../../providers/provider';
import { fieldsValue, type SecretValue } from '../../providers/value';
import { systemClock } from '../../system-clock';
import { ManualClock } from '../../testing/manual-clock';
import { testKeychain } from '../../testing/test-keychain';

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const CANARY = `kh-native-canary-${randomUUID()}`;

interface Harness {
  core: Core;
  dataDir: string;
  call(channel: string, payload: unknown): Promise<Result>;
  ok<T>(channel: string, payload: unknown): Promise<T>;
  provider(protectedEnv?: boolean): Promise<{ provider: Provider; environmentId: string; prefix: string }>;
  sm: SecretsManager;
  lambdaArn: string;
  fault(fault: AwsRotationFault | null): void;
  close(): Promise<void>;
}

async function harness(
  options: {
    clock?: Clock;
    stallMs?: number;
    stepMs?: number;
    keychain?: CredentialStore;
    dataDir?: string;
    providers?: Array<'aws' | 'vault'>;
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keyhole-native-'));
  const core = composeCore({
    dataDir,
    keychain: options.keychain ?? testKeychain(),
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    emit: () => undefined,
    shell: 'e2e-host',
    version: 'test',
    sandbox: { seedCount: 5, providers: options.providers ?? ['aws'], awsRotation: { stepMs: options.stepMs ?? 30 } },
    nativeRotation: { pollMs: 40, ...(options.stallMs !== undefined ? { stallMs: options.stallMs } : {}) },
  });
  const dispatch = bindContract(contract, createHandlers(core));
  const call = (channel: string, payload: unknown) => dispatch(channel, payload, { signal: new AbortController().signal }) as Promise<Result>;
  await core.sandbox.open();
  const info = (core.sandbox.info() as SandboxInfo).aws!;
  const sm = rawClient(info);
  return {
    core,
    dataDir,
    call,
    async ok<T>(channel: string, payload: unknown) {
      const result = await call(channel, payload);
      expect(result.error, channel).toBeUndefined();
      return result.value as T;
    },
    async provider(protectedEnv = false) {
      const { connections, environments } = await core.connections.list();
      const connection = connections.find((c) => c.config.kind === 'aws')!;
      const environment = environments.find((e) => e.connectionId === connection.id && e.protected === protectedEnv)!;
      const provider = await core.providers.get(core.connections.connection(connection.id), core.connections.environment(environment.id));
      return { provider, environmentId: environment.id, prefix: environment.scope.kind === 'aws' ? environment.scope.prefix : '' };
    },
    sm,
    lambdaArn: `arn:aws:lambda:${info.region}:${info.accountId}:function:keyhole-rotate-postgres`,
    fault: (fault) => void (core.sandbox as EmbeddedSandbox).setAwsRotationFault(fault),
    async close() {
      sm.destroy();
      await core.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Gives the secret a rotation function the way an operator would: RotateSecret with the ARN as a test, then waits for it. */
async function configure(h: Harness, fullName: string): Promise<void> {
  await h.sm.rotateSecret({
    SecretId: fullName,
    RotationLambdaARN: h.lambdaArn,
    RotateImmediately: false,
    RotationRules: { AutomaticallyAfterDays: 30 },
  });
  await until(async () => {
    const out = await h.sm.describeSecret({ SecretId: fullName });
    return Object.values(out.VersionIdsToStages ?? {}).some((labels) => labels.includes('AWSPENDING')) ? undefined : true;
  });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function labelsOf(h: Harness, fullName: string): Promise<Record<string, string[]>> {
  const out = await h.sm.describeSecret({ SecretId: fullName });
  return out.VersionIdsToStages ?? {};
}

function holder(labels: Record<string, string[]>, label: string): string | undefined {
  return Object.entries(labels).find(([, stages]) => stages.includes(label))?.[0];
}

function stepStates(view: RotationView): Record<string, string> {
  return Object.fromEntries(view.steps.map((s) => [s.name, s.status]));
}

function sqliteBytes(dataDir: string): Buffer[] {
  return readdirSync(dataDir)
    .filter((f) => f.startsWith('keyhole.sqlite'))
    .map((f) => readFileSync(join(dataDir, f)));
}

function passwordOf(value: SecretValue): string {
  if (value.kind !== 'fields') throw new Error('not fields');
  return value.fields.password ?? '';
}

describe('AWS native rotation through core', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ providers: ['aws', 'vault'] });
  }, 30_000);
  afterAll(async () => h.close());
  afterEach(() => h.fault(null));

  it('rotates: each step followed to completed, AWSCURRENT on the token; a test leaves AWSCURRENT where it was; no value anywhere', async () => {
    const { provider, environmentId, prefix } = await h.provider();
    const name = 'native/success-db';
    await provider.create(name, { value: fieldsValue({ username: 'app', password: `old-${CANARY}`, note: CANARY }) });
    const secret = { environmentId, name };
    const before = await h.ok<NativeInfo>('rotation:nativeInfo', secret);
    expect(before).toMatchObject({ supported: true, enabled: false, pending: null });
    expect(await h.call('rotation:startNative', { secret, immediately: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    await configure(h, prefix + name);
    const info = await h.ok<NativeInfo>('rotation:nativeInfo', secret);
    expect(info).toMatchObject({ supported: true, enabled: true, lambdaArn: h.lambdaArn, rulesDays: 30, pending: null });
    const oldCurrent = holder(await labelsOf(h, prefix + name), 'AWSCURRENT');

    const started = await h.ok<RotationView>('rotation:startNative', { secret, immediately: true, reason: 'quarterly' });
    expect(started).toMatchObject({
      kind: 'aws-native',
      target: 'aws-native',
      status: 'running',
      native: { immediately: true, version: started.id },
    });
    const done = await h.core.nativeRotation.settled(started.id);
    expect(done.status).toBe('completed');
    expect(stepStates(done)).toEqual({ createSecret: 'done', setSecret: 'done', testSecret: 'done', finishSecret: 'done' });
    expect(done.native).toMatchObject({ logRead: true, stalled: false, automaticRotation: true, lambdaArn: h.lambdaArn });
    expect(done.native?.failedStep).toBeUndefined();
    const labels = await labelsOf(h, prefix + name);
    expect(holder(labels, 'AWSCURRENT')).toBe(started.id);
    expect(holder(labels, 'AWSPREVIOUS')).toBe(oldCurrent);
    expect(holder(labels, 'AWSPENDING')).toBeUndefined();
    const newPassword = passwordOf((await provider.read(name)).value);
    expect(newPassword).not.toContain(CANARY);

    // A test of the configuration: testSecret only, the pending version removed, AWSCURRENT unmoved.
    const test = await h.ok<RotationView>('rotation:startNative', { secret, immediately: false });
    const tested = await h.core.nativeRotation.settled(test.id);
    expect(tested.status).toBe('completed');
    expect(stepStates(tested)).toEqual({ createSecret: 'skipped', setSecret: 'skipped', testSecret: 'done', finishSecret: 'skipped' });
    expect(holder(await labelsOf(h, prefix + name), 'AWSCURRENT')).toBe(started.id);

    // Listed with the guided rotations, newest first; found by id.
    const { rotations } = await h.ok<{ rotations: RotationView[] }>('rotation:list', {});
    expect(rotations.slice(0, 2).map((r) => r.id)).toEqual([test.id, started.id]);
    expect((await h.ok<RotationView>('rotation:get', { id: started.id })).status).toBe('completed');
    expect(h.core.nativeRotation.has(started.id)).toBe(true);

    const events = h.core.audit.list(500).filter((e) => e.action.startsWith('rotation.native'));
    expect(events.some((e) => e.action === 'rotation.native.start' && e.outcome === 'success' && e.reason === 'quarterly')).toBe(true);
    expect(events.some((e) => e.action === 'rotation.native.complete' && e.details.rotation === started.id)).toBe(true);

    // Nothing of either value in SQLite, the audit log, the views or the answers.
    const everything = JSON.stringify([h.core.audit.list(1000), rotations, done, tested, info]);
    for (const value of [CANARY, newPassword]) {
      expect(everything).not.toContain(value);
      for (const bytes of sqliteBytes(h.dataDir)) expect(bytes.includes(Buffer.from(value))).toBe(false);
    }
  }, 30_000);

  it.each(AWS_ROTATION_STEPS)(
    'a failure at %s reports that step and what it left; cleaning AWSPENDING lets the next rotation run',
    async (step) => {
      const { provider, environmentId, prefix } = await h.provider();
      const name = `native/fail-${step}`;
      await provider.create(name, { value: fieldsValue({ username: 'app', password: `pw-${CANARY}` }) });
      await configure(h, prefix + name);
      const secret = { environmentId, name };
      const current = holder(await labelsOf(h, prefix + name), 'AWSCURRENT')!;
      h.fault({ step, mode: 'fail', secret: prefix + name });

      const started = await h.ok<RotationView>('rotation:startNative', { secret, immediately: true });
      const failed = await h.core.nativeRotation.settled(started.id);
      expect(failed.status).toBe('failed');
      expect(failed.native).toMatchObject({ failedStep: step, logRead: true, pendingVersion: started.id });
      expect(failed.native?.failedStepUncertain).toBeUndefined();
      expect(stepStates(failed)[step]).toBe('failed');
      expect(failed.steps.find((s) => s.name === step)?.result).toContain('ValueError');
      const holds = step === 'createSecret' ? 'an empty version' : 'which holds the new value';
      expect(failed.native?.leftBehind).toBe(`AWSPENDING is on version ${started.id}, ${holds}; AWSCURRENT is still on ${current}.`);
      expect(failed.error).toMatchObject({ code: 'ROTATION_FAILED' });
      const failEvent = h.core.audit.list(100).find((e) => e.action === 'rotation.native.fail' && e.details.rotation === started.id);
      expect(failEvent).toMatchObject({ outcome: 'failure', details: { step } });
      expect(JSON.stringify(failed)).not.toContain(CANARY);

      // Secrets Manager refuses a new rotation while AWSPENDING stays; the clean-up removes it.
      h.fault(null);
      expect(await h.call('rotation:startNative', { secret, immediately: true })).toMatchObject({
        ok: false,
        error: { code: 'ROTATION_PENDING_LABEL' },
      });
      const cleaned = await h.ok<NativeInfo>('rotation:cleanPending', { secret, version: started.id, reason: 'failed rotation' });
      expect(cleaned.pending).toBeNull();
      expect((await h.ok<RotationView>('rotation:get', { id: started.id })).native?.pendingVersion).toBeUndefined();
      const again = await h.ok<RotationView>('rotation:startNative', { secret, immediately: true });
      expect((await h.core.nativeRotation.settled(again.id)).status).toBe('completed');
      expect(holder(await labelsOf(h, prefix + name), 'AWSCURRENT')).toBe(again.id);
    },
    30_000,
  );

  it('tells apart two secrets the same function rotates at once: the failure is the failing secret’s only', async () => {
    const { provider, environmentId, prefix } = await h.provider();
    for (const name of ['native/pair-a', 'native/pair-b']) {
      await provider.create(name, { value: fieldsValue({ username: 'app', password: `${name}-initial-93` }) });
      await configure(h, prefix + name);
    }
    h.fault({ step: 'setSecret', mode: 'fail', secret: `${prefix}native/pair-a` });
    const [a, b] = await Promise.all(
      ['native/pair-a', 'native/pair-b'].map((name) =>
        h.ok<RotationView>('rotation:startNative', { secret: { environmentId, name }, immediately: true }),
      ),
    );
    const [failed, completed] = await Promise.all([h.core.nativeRotation.settled(a!.id), h.core.nativeRotation.settled(b!.id)]);
    expect(failed).toMatchObject({ status: 'failed', native: { failedStep: 'setSecret' } });
    expect(completed.status).toBe('completed');
    expect(completed.steps.find((s) => s.name === 'setSecret')?.result).toBe("The function's log says setSecret succeeded.");
  }, 30_000);

  it('refuses what it cannot do: another provider, a rotation already followed, a label it is following', async () => {
    const { connections, environments } = await h.core.connections.list();
    const vault = connections.find((c) => c.config.kind === 'vault')!;
    const vaultEnv = environments.find((e) => e.connectionId === vault.id && !e.protected)!;
    const vaultSecret = { environmentId: vaultEnv.id, name: 'any/secret' };
    expect(await h.ok<NativeInfo>('rotation:nativeInfo', vaultSecret)).toEqual({ supported: false, enabled: false, pending: null });
    expect(await h.call('rotation:startNative', { secret: vaultSecret, immediately: true })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });

    const { provider, environmentId, prefix } = await h.provider();
    const name = 'native/busy';
    await provider.create(name, { value: fieldsValue({ password: 'busy-initial-41' }) });
    await configure(h, prefix + name);
    const secret = { environmentId, name };
    h.fault({ step: 'testSecret', mode: 'hang', secret: prefix + name });
    // Two starts at once: one rotation, the other refused.
    const both = await Promise.all([0, 1].map(() => h.call('rotation:startNative', { secret, immediately: true })));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ error: { code: 'ROTATION_PENDING' } });
    const started = both.find((r) => r.ok)!.value as RotationView;
    expect(await h.call('rotation:startNative', { secret, immediately: true })).toMatchObject({ ok: false, error: { code: 'ROTATION_PENDING' } });
    expect(await h.call('rotation:cleanPending', { secret, version: started.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const cancelled = await h.ok<RotationView>('rotation:cancelNative', { id: started.id });
    expect(cancelled.status).toBe('cancelled');
    expect(await h.call('rotation:cancelNative', { id: started.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // settled answers a caller that gives up, and a read-only connection starts and cleans nothing.
    const aborted = new AbortController();
    const waiting = h.core.nativeRotation.settled(
      (await h.ok<RotationView>('rotation:startNative', { secret, immediately: true })).id,
      aborted.signal,
    );
    aborted.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    await h.core.connections.update({ id: connections.find((c) => c.config.kind === 'aws')!.id, readOnly: true });
    expect(await h.call('rotation:startNative', { secret, immediately: true })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(await h.call('rotation:cleanPending', { secret, version: started.id })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(h.core.audit.list(50).some((e) => e.action === 'rotation.native.start' && e.outcome === 'refused' && e.code === 'READ_ONLY')).toBe(true);
  }, 30_000);
});

describe('a stalled AWS native rotation', () => {
  it('is reported stalled at the step that hangs; cancel leaves no AWSPENDING on a version that is not current', async () => {
    // Long enough that a loaded machine's slow createSecret is not taken for the stall at setSecret.
    const h = await harness({ stallMs: 1500 });
    try {
      const { provider, environmentId, prefix } = await h.provider();
      const name = 'native/hang';
      await provider.create(name, { value: fieldsValue({ username: 'app', password: 'hang-initial-77' }) });
      await configure(h, prefix + name);
      const current = holder(await labelsOf(h, prefix + name), 'AWSCURRENT');
      h.fault({ step: 'setSecret', mode: 'hang', secret: prefix + name });
      const started = await h.ok<RotationView>('rotation:startNative', { secret: { environmentId, name }, immediately: true });
      const stalled = await h.core.nativeRotation.settled(started.id);
      expect(stalled.status).toBe('running');
      expect(stalled.native).toMatchObject({ stalled: true, failedStep: 'setSecret', logRead: true, pendingVersion: started.id });
      expect(stepStates(stalled)).toMatchObject({ createSecret: 'done', setSecret: 'running' });
      expect(stalled.native?.leftBehind).toContain('which holds the new value');
      expect(stalled.error).toMatchObject({ code: 'TIMEOUT' });

      const cancelled = await h.ok<RotationView>('rotation:cancelNative', { id: started.id });
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.native).toMatchObject({ automaticRotation: false, stalled: false });
      expect(cancelled.native?.pendingVersion).toBeUndefined();
      expect(cancelled.native?.leftBehind).toContain(`AWSPENDING was removed from version ${started.id}`);
      expect(cancelled.native?.leftBehind).toContain('Automatic rotation is now off');
      const labels = await labelsOf(h, prefix + name);
      expect(holder(labels, 'AWSPENDING')).toBeUndefined();
      expect(holder(labels, 'AWSCURRENT')).toBe(current);
      expect((await h.ok<NativeInfo>('rotation:nativeInfo', { environmentId, name })).enabled).toBe(false);
      expect(h.core.audit.list(100).some((e) => e.action === 'rotation.native.cancel' && e.outcome === 'success' && e.details.dropped === true)).toBe(
        true,
      );
    } finally {
      await h.close();
    }
  }, 30_000);
});

describe('a restart in the middle of an AWS native rotation', () => {
  it('follows the running rotation again and sees it complete', async () => {
    const keychain = testKeychain();
    const dataDir = mkdtempSync(join(tmpdir(), 'keyhole-native-'));
    const first = await harness({ keychain, dataDir, stepMs: 300 });
    try {
      const { provider, environmentId, prefix } = await first.provider();
      const name = 'native/restart';
      await provider.create(name, { value: fieldsValue({ username: 'app', password: 'restart-initial-55' }) });
      await configure(first, prefix + name);
      const started = await first.ok<RotationView>('rotation:startNative', { secret: { environmentId, name }, immediately: true });
      // Keyhole stops following (its process is gone); AWS, here the sandbox, rotates on.
      await first.core.nativeRotation.close();
      expect(first.core.nativeRotation.get(started.id).status).toBe('running');

      const second = composeCore({
        dataDir,
        keychain,
        clock: systemClock,
        logger: silentLogger,
        emit: () => undefined,
        shell: 'e2e-host',
        version: 'test',
        nativeRotation: { pollMs: 40 },
      });
      try {
        const done = await second.nativeRotation.settled(started.id);
        expect(done.status).toBe('completed');
        expect(stepStates(done)).toEqual({ createSecret: 'done', setSecret: 'done', testSecret: 'done', finishSecret: 'done' });
        expect(holder(await labelsOf(first, prefix + name), 'AWSCURRENT')).toBe(started.id);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('AWS native rotation on a protected path', () => {
  it('cleans the seeded AWSPENDING left on a newer version, then rotates; each needs a fresh code', async () => {
    const clock = new ManualClock(Math.floor(Date.now() / 30_000) * 30_000);
    const h = await harness({ clock });
    try {
      const { provider, environmentId, prefix } = await h.provider(true);
      const names: string[] = [];
      for await (const page of provider.list()) names.push(...page.items.map((item) => item.name));
      let seeded: { name: string; info: NativeInfo } | undefined;
      for (const name of names) {
        const info = await h.ok<NativeInfo>('rotation:nativeInfo', { environmentId, name });
        if (info.pending !== null) seeded = { name, info };
      }
      expect(seeded?.info.pending).toMatchObject({ onCurrent: false, hasValue: true });
      const secret = { environmentId, name: seeded!.name };
      const pendingVersion = seeded!.info.pending!.version;
      const labels = await labelsOf(h, prefix + secret.name);
      const current = holder(labels, 'AWSCURRENT')!;
      const created = async (id: string) =>
        (await h.sm.listSecretVersionIds({ SecretId: prefix + secret.name })).Versions?.find((v) => v.VersionId === id)?.CreatedDate;
      expect((await created(pendingVersion))!.getTime()).toBeGreaterThan((await created(current))!.getTime());

      expect(await h.call('rotation:cleanPending', { secret, version: pendingVersion })).toMatchObject({
        ok: false,
        error: { code: 'MFA_CODE_REQUIRED' },
      });
      const enrollment = await h.core.mfa.beginEnrollment({});
      await h.core.mfa.confirmEnrollment(enrollment.enrollmentId, await totpAt(enrollment.secret, clock.now()));
      await clock.advance(30_000);
      expect(await h.call('rotation:cleanPending', { secret, version: pendingVersion })).toMatchObject({
        ok: false,
        error: { code: 'MFA_CODE_REQUIRED' },
      });
      const cleaned = await h.ok<NativeInfo>('rotation:cleanPending', {
        secret,
        version: pendingVersion,
        code: await totpAt(enrollment.secret, clock.now()),
      });
      expect(cleaned.pending).toBeNull();
      expect(holder(await labelsOf(h, prefix + secret.name), 'AWSCURRENT')).toBe(current);

      await configure(h, prefix + secret.name);
      expect(await h.call('rotation:startNative', { secret, immediately: true })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REQUIRED' } });
      await clock.advance(30_000);
      const started = await h.ok<RotationView>('rotation:startNative', {
        secret,
        immediately: true,
        code: await totpAt(enrollment.secret, clock.now()),
      });
      expect(started.protected).toBe(true);
      const completed = await h.core.nativeRotation.settled(started.id);
      expect(completed.status).toBe('completed');
      // Keyhole's clock runs a minute ahead here: the log is still read from the provider's time.
      expect(clock.now()).toBeGreaterThan(Date.now() + 20_000);
      expect(completed.steps.find((s) => s.name === 'setSecret')?.result).toBe("The function's log says setSecret succeeded.");
      expect(holder(await labelsOf(h, prefix + secret.name), 'AWSCURRENT')).toBe(started.id);

      // Cancelling a rotation of a protected path needs a fresh code too.
      h.fault({ step: 'createSecret', mode: 'hang', secret: prefix + secret.name });
      await clock.advance(30_000);
      const hanging = await h.ok<RotationView>('rotation:startNative', {
        secret,
        immediately: true,
        code: await totpAt(enrollment.secret, clock.now()),
      });
      expect(await h.call('rotation:cancelNative', { id: hanging.id })).toMatchObject({ ok: false, error: { code: 'MFA_CODE_REQUIRED' } });
      await clock.advance(30_000);
      const cancelled = await h.ok<RotationView>('rotation:cancelNative', { id: hanging.id, code: await totpAt(enrollment.secret, clock.now()) });
      expect(cancelled.status).toBe('cancelled');
      expect(holder(await labelsOf(h, prefix + secret.name), 'AWSPENDING')).toBeUndefined();
      const actions = h.core.audit.list(300);
      expect(actions.some((e) => e.action === 'rotation.native.clean_pending' && e.outcome === 'success' && e.version === pendingVersion)).toBe(true);
      expect(actions.some((e) => e.action === 'rotation.native.start' && e.outcome === 'failure' && e.code === 'MFA_CODE_REQUIRED')).toBe(true);
    } finally {
      await h.close();
    }
  }, 30_000);
});
