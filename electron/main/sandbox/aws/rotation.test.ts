import { randomUUID } from 'node:crypto';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../../core/providers/aws/testing';
import { generateSeed } from '../seed/generate';
import { startAwsSandbox, type AwsSandboxServer } from './index';
import { PREVIOUS_ROTATION_INCOMPLETE } from './ops-rotation';
import { callJson } from './raw-client';

/** RotateSecret, the sandbox's rotation function and CancelRotateSecret, through the official SDK. */
const CANARY = `kh-rotation-canary-${randomUUID()}`;
const seed = generateSeed({ count: 30, seed: 5, canary: CANARY });
let server: AwsSandboxServer;
let sm: SecretsManager;
let lambdaArn: string;

beforeAll(async () => {
  server = await startAwsSandbox({ seed, rotation: { stepMs: 40 } });
  sm = rawClient(server.info);
  lambdaArn = `arn:aws:lambda:${server.info.region}:${server.info.accountId}:function:keyhole-rotate-postgres`;
});

afterEach(() => {
  server.rotation.fault = null;
  server.rotation.stepMs = 40;
});

afterAll(async () => {
  sm.destroy();
  await server.close();
});

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return { name: 'no error', message: '' };
}

function labels(map: Record<string, string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, stages] of Object.entries(map ?? {})) for (const s of stages) out[s] = id;
  return out;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function newSecret(value: string): Promise<{ name: string; first: string }> {
  const name = `rotation/${randomUUID()}`;
  const created = await sm.createSecret({ Name: name, SecretString: value });
  return { name, first: created.VersionId ?? '' };
}

const rotated = (name: string) =>
  until(async () => {
    const d = await sm.describeSecret({ SecretId: name });
    return d.LastRotatedDate !== undefined && !labels(d.VersionIdsToStages).AWSPENDING ? d : undefined;
  });

describe('RotateSecret with the sandbox rotation function', () => {
  it('stages an empty AWSPENDING placeholder, then the new value, then moves AWSCURRENT and drops AWSPENDING', async () => {
    server.rotation.stepMs = 150;
    const { name, first } = await newSecret(JSON.stringify({ username: 'app', password: CANARY, host: 'db' }));
    const token = randomUUID();
    const before = Date.now();
    const answer = await sm.rotateSecret({
      SecretId: name,
      ClientRequestToken: token,
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    expect(answer).toMatchObject({ Name: name, VersionId: token });
    expect(answer.ARN).toMatch(/^arn:aws:secretsmanager:/);

    const placed = await sm.describeSecret({ SecretId: name });
    expect(labels(placed.VersionIdsToStages)).toEqual({ AWSCURRENT: first, AWSPENDING: token });
    expect(placed).toMatchObject({ RotationEnabled: true, RotationLambdaARN: lambdaArn, RotationRules: { AutomaticallyAfterDays: 30 } });
    const byLabel = await errorOf(sm.getSecretValue({ SecretId: name, VersionStage: 'AWSPENDING' }));
    expect(byLabel).toEqual({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    });
    const byId = await errorOf(sm.getSecretValue({ SecretId: name, VersionId: token }));
    expect(byId).toEqual({
      name: 'ResourceNotFoundException',
      message: `Secrets Manager can't find the specified secret value for VersionId: ${token}`,
    });

    const staged = await until(() => sm.getSecretValue({ SecretId: name, VersionStage: 'AWSPENDING' }).catch(() => undefined));
    const fields = JSON.parse(staged.SecretString ?? '{}') as Record<string, string>;
    expect(fields.username).toBe('app');
    expect(fields.host).toBe('db');
    expect(fields.password).toHaveLength(32);
    expect(fields.password).not.toBe(CANARY);
    expect(labels((await sm.describeSecret({ SecretId: name })).VersionIdsToStages).AWSCURRENT).toBe(first);

    const done = await rotated(name);
    expect(labels(done.VersionIdsToStages)).toEqual({ AWSCURRENT: token, AWSPREVIOUS: first });
    expect(done.LastRotatedDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(done.NextRotationDate!.getTime() - done.LastRotatedDate!.getTime()).toBe(30 * 86_400_000);
    expect((await sm.getSecretValue({ SecretId: name })).SecretString).toBe(staged.SecretString);
    expect((await sm.getSecretValue({ SecretId: name, VersionStage: 'AWSPREVIOUS' })).SecretString).toContain(CANARY);
  });

  it('rotates a plain string secret to a fresh random string, reusing the stored function and rules', async () => {
    const { name } = await newSecret(CANARY);
    await sm.rotateSecret({ SecretId: name, RotationLambdaARN: lambdaArn, RotationRules: { ScheduleExpression: 'rate(10 days)' } });
    await rotated(name);
    const second = await sm.rotateSecret({ SecretId: name });
    const done = await until(async () => {
      const d = await sm.describeSecret({ SecretId: name });
      return labels(d.VersionIdsToStages).AWSCURRENT === second.VersionId && !labels(d.VersionIdsToStages).AWSPENDING ? d : undefined;
    });
    expect(done.RotationRules).toEqual({ ScheduleExpression: 'rate(10 days)' });
    const value = (await sm.getSecretValue({ SecretId: name })).SecretString ?? '';
    expect(value).toHaveLength(32);
    expect(value).not.toBe(CANARY);
  });

  it('answers a retry with the same token idempotently and refuses another rotation while AWSPENDING is elsewhere', async () => {
    server.rotation.fault = { step: 'setSecret', mode: 'hang' };
    const { name } = await newSecret('{"password":"x"}');
    const token = randomUUID();
    const first = await sm.rotateSecret({
      SecretId: name,
      ClientRequestToken: token,
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 7 },
    });
    const again = await sm.rotateSecret({ SecretId: name, ClientRequestToken: token });
    expect(again.VersionId).toBe(first.VersionId);
    const other = await errorOf(sm.rotateSecret({ SecretId: name }));
    expect(other).toEqual({ name: 'InvalidRequestException', message: PREVIOUS_ROTATION_INCOMPLETE });
    const cancelled = await sm.cancelRotateSecret({ SecretId: name });
    expect(cancelled.VersionId).toBe(token);
  });

  it('refuses a new rotation on the seed secret whose earlier rotation left AWSPENDING behind', async () => {
    const listed = await sm.listSecrets({ Filters: [{ Key: 'name', Values: ['production/'] }], MaxResults: 100 });
    const stuck = listed.SecretList?.find((s) => {
      const l = labels(s.SecretVersionsToStages);
      return l.AWSPENDING !== undefined && l.AWSPENDING !== l.AWSCURRENT;
    });
    expect(stuck).toBeDefined();
    const refused = await errorOf(sm.rotateSecret({ SecretId: stuck!.Name!, RotationLambdaARN: lambdaArn }));
    expect(refused).toEqual({ name: 'InvalidRequestException', message: PREVIOUS_ROTATION_INCOMPLETE });
  });

  it('stops a hung rotation on CancelRotateSecret and leaves its labels as they are', async () => {
    server.rotation.fault = { step: 'testSecret', mode: 'hang' };
    const { name, first } = await newSecret('{"password":"p"}');
    const { VersionId: token } = await sm.rotateSecret({
      SecretId: name,
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 1 },
    });
    await until(() => sm.getSecretValue({ SecretId: name, VersionStage: 'AWSPENDING' }).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cancelled = await sm.cancelRotateSecret({ SecretId: name });
    expect(cancelled).toMatchObject({ Name: name, VersionId: token });
    server.rotation.fault = null;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await sm.describeSecret({ SecretId: name });
    expect(after.RotationEnabled).toBe(false);
    expect(after.NextRotationDate).toBeUndefined();
    expect(after.RotationLambdaARN).toBe(lambdaArn);
    expect(labels(after.VersionIdsToStages)).toEqual({ AWSCURRENT: first, AWSPENDING: token });
  });

  it('with RotateImmediately=false only tests the configuration and removes the placeholder', async () => {
    const { name, first } = await newSecret('{"password":"p"}');
    const { VersionId: token } = await sm.rotateSecret({
      SecretId: name,
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 10 },
      RotateImmediately: false,
    });
    const done = await until(async () => {
      const d = await sm.describeSecret({ SecretId: name });
      return labels(d.VersionIdsToStages).AWSPENDING === undefined ? d : undefined;
    });
    expect(labels(done.VersionIdsToStages)).toEqual({ AWSCURRENT: first });
    expect(done.RotationEnabled).toBe(true);
    expect(done.LastRotatedDate).toBeUndefined();
    expect(done.NextRotationDate).toBeDefined();
    const versions = await sm.listSecretVersionIds({ SecretId: name, IncludeDeprecated: true });
    expect(versions.Versions?.map((v) => v.VersionId)).not.toContain(token);
  });

  it('refuses a secret without a function, one scheduled for deletion and a missing one', async () => {
    const { name } = await newSecret('x');
    expect(await errorOf(sm.rotateSecret({ SecretId: name }))).toEqual({
      name: 'InvalidRequestException',
      message: 'No Lambda rotation function ARN is associated with this secret.',
    });
    await sm.deleteSecret({ SecretId: name, RecoveryWindowInDays: 7 });
    expect((await errorOf(sm.rotateSecret({ SecretId: name, RotationLambdaARN: lambdaArn }))).name).toBe('InvalidRequestException');
    expect((await errorOf(sm.rotateSecret({ SecretId: 'rotation/none', RotationLambdaARN: lambdaArn }))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(sm.cancelRotateSecret({ SecretId: 'rotation/none' }))).name).toBe('ResourceNotFoundException');
  });

  it('validates the request on the wire (raw HTTP)', async () => {
    const keys = { accessKeyId: server.info.accessKeyId, secretAccessKey: server.info.secretAccessKey };
    const { name } = await newSecret('x');
    const short = await callJson(server.info.endpoint, keys, 'RotateSecret', {
      SecretId: name,
      ClientRequestToken: 'short',
      RotationLambdaARN: lambdaArn,
    });
    expect(short.status).toBe(400);
    expect(JSON.parse(short.text)).toMatchObject({ __type: 'ValidationException' });
    const days = await callJson(server.info.endpoint, keys, 'RotateSecret', {
      SecretId: name,
      ClientRequestToken: randomUUID(),
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 1001 },
    });
    expect(JSON.parse(days.text)).toMatchObject({ __type: 'ValidationException' });
    const both = await callJson(server.info.endpoint, keys, 'RotateSecret', {
      SecretId: name,
      ClientRequestToken: randomUUID(),
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 3, ScheduleExpression: 'rate(4 days)' },
    });
    expect(JSON.parse(both.text)).toMatchObject({ __type: 'InvalidParameterException' });
    const elsewhere = await callJson(server.info.endpoint, keys, 'RotateSecret', {
      SecretId: name,
      ClientRequestToken: randomUUID(),
      RotationLambdaARN: 'arn:aws:lambda:eu-west-1:999999999999:function:other',
    });
    expect(elsewhere.status).toBe(400);
    expect(JSON.parse(elsewhere.text)).toMatchObject({ __type: 'AccessDeniedException' });
    const ok = await callJson(server.info.endpoint, keys, 'RotateSecret', {
      SecretId: name,
      ClientRequestToken: randomUUID(),
      RotationLambdaARN: lambdaArn,
      RotationRules: { ScheduleExpression: 'cron(0 4 ? * SUN *)', Duration: '3h' },
    });
    expect(ok.status).toBe(200);
    const described = await sm.describeSecret({ SecretId: name });
    expect(described.NextRotationDate?.getUTCDay()).toBe(0);
    expect(described.NextRotationDate?.getUTCHours()).toBe(4);
  });
});
