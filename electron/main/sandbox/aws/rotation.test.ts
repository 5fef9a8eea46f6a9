import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogs, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { AWS_ROTATION_STEPS } from '../../../../shared/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../../core/providers/aws/testing';
import { generateSeed } from '../seed/generate';
import { startAwsSandbox, type AwsSandboxServer } from './index';
import { PREVIOUS_ROTATION_INCOMPLETE } from './ops-rotation';
import { callJson, sendSigned } from './raw-client';

const lambdaArnOf = (s: AwsSandboxServer) => `arn:aws:lambda:${s.info.region}:${s.info.accountId}:function:keyhole-rotate-postgres`;

/** RotateSecret, the sandbox's rotation function and CancelRotateSecret, through the official SDK. */
const CANARY = `kh-rotation-canary-${randomUUID()}`;
const seed = generateSeed({ count: 30, seed: 5, canary: CANARY });
let server: AwsSandboxServer;
let sm: SecretsManager;
let logs: CloudWatchLogs;
let lambdaArn: string;
const GROUP = '/aws/lambda/keyhole-rotate-postgres';

function logsClient(s: AwsSandboxServer): CloudWatchLogs {
  return new CloudWatchLogs({
    endpoint: s.info.endpoint,
    region: s.info.region,
    credentials: { accessKeyId: s.info.accessKeyId, secretAccessKey: s.info.secretAccessKey },
    maxAttempts: 1,
  });
}

async function allEvents(client: CloudWatchLogs, input: { startTime?: number; limit?: number } = {}): Promise<FilteredLogEvent[]> {
  const out: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.filterLogEvents({ logGroupName: GROUP, ...input, ...(nextToken !== undefined ? { nextToken } : {}) });
    out.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

beforeAll(async () => {
  server = await startAwsSandbox({ seed, rotation: { stepMs: 40 } });
  sm = rawClient(server.info);
  logs = logsClient(server);
  lambdaArn = `arn:aws:lambda:${server.info.region}:${server.info.accountId}:function:keyhole-rotate-postgres`;
});

afterEach(() => {
  server.rotation.fault = null;
  server.rotation.stepMs = 40;
});

afterAll(async () => {
  sm.destroy();
  logs.destroy();
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
    const withoutFunction = await errorOf(sm.rotateSecret({ SecretId: stuck!.Name! }));
    expect(withoutFunction).toEqual({ name: 'InvalidRequestException', message: PREVIOUS_ROTATION_INCOMPLETE });
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

describe("the rotation function's log (CloudWatch Logs)", () => {
  const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
  const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

  it('logs each step in its own invocation, in the Lambda Python runtime formats, and never a value', async () => {
    const since = Date.now() - 1;
    const { name } = await newSecret(JSON.stringify({ username: 'u', password: CANARY }));
    const { ARN: arn, VersionId: token } = await sm.rotateSecret({
      SecretId: name,
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    await rotated(name);
    const events = await allEvents(logs, { startTime: since });
    const streams = new Map<string, string[]>();
    for (const e of events) streams.set(e.logStreamName!, [...(streams.get(e.logStreamName!) ?? []), e.message!]);
    const mine = [...streams.values()].filter((lines) => lines.some((l) => l.includes(arn!)));
    expect(mine).toHaveLength(4);
    for (const [i, lines] of mine.entries()) {
      const step = AWS_ROTATION_STEPS[i]!;
      const requestId = new RegExp(`^START RequestId: (${UUID}) Version: \\$LATEST\n$`).exec(lines[0]!)?.[1];
      expect(requestId).toBeDefined();
      expect(lines[1]).toMatch(new RegExp(`^\\[INFO\\]\\t${ISO}\\t${requestId}\\t${step}: Successfully .*\\n$`));
      expect(lines[2]).toBe(`END RequestId: ${requestId}\n`);
      expect(lines[3]).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB`));
    }
    expect(mine[0]![1]).toContain(`createSecret: Successfully put secret for ARN ${arn} and version ${token}.`);
    expect(mine[3]![1]).toContain(`finishSecret: Successfully set AWSCURRENT stage to version ${token} for secret ${arn}.`);
    for (const stream of streams.keys()) expect(stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const fresh = JSON.parse((await sm.getSecretValue({ SecretId: name })).SecretString ?? '{}') as { password: string };
    const everything = (await allEvents(logs)).map((e) => e.message).join('');
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(fresh.password);
  });

  it.each(AWS_ROTATION_STEPS)('a failing %s logs the error and leaves what a real failure leaves', async (step) => {
    const { name, first } = await newSecret('{"password":"p"}');
    server.rotation.fault = { step, mode: 'fail', secret: name };
    const since = Date.now() - 1;
    const { ARN: arn, VersionId: token } = await sm.rotateSecret({
      SecretId: name,
      RotationLambdaARN: lambdaArn,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    const failure = await until(async () => {
      const page = await logs.filterLogEvents({ logGroupName: GROUP, startTime: since, filterPattern: `"${step}: Unable" "${arn}"` });
      return page.events?.[0];
    });
    expect(failure.message).toMatch(new RegExp(`^\\[ERROR\\]\\t${ISO}\\t${UUID}\\t${step}: Unable `));
    const stream = (await logs.filterLogEvents({ logGroupName: GROUP, logStreamNames: [failure.logStreamName!] })).events!.map((e) => e.message!);
    expect(stream[0]).toMatch(/^START RequestId/);
    expect(stream.find((l) => l.startsWith('[ERROR] ValueError: Unable '))).toContain('Traceback (most recent call last):');
    expect(stream.at(-2)).toMatch(/^END RequestId/);
    expect(stream.at(-1)).toMatch(/^REPORT RequestId/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const later = AWS_ROTATION_STEPS.slice(AWS_ROTATION_STEPS.indexOf(step) + 1);
    const after = await logs.filterLogEvents({ logGroupName: GROUP, startTime: since, filterPattern: `"${arn}"` });
    for (const next of later) expect(after.events?.some((e) => e.message?.includes(`${next}:`))).toBe(false);

    const described = await sm.describeSecret({ SecretId: name });
    expect(labels(described.VersionIdsToStages)).toEqual({ AWSCURRENT: first, AWSPENDING: token });
    expect(described.LastRotatedDate).toBeUndefined();
    const pending = await errorOf(sm.getSecretValue({ SecretId: name, VersionStage: 'AWSPENDING' }));
    expect(pending.name).toBe(step === 'createSecret' ? 'ResourceNotFoundException' : 'no error');
  });

  it('fails the next step as the runtime reports an SDK error when the secret is scheduled for deletion meanwhile', async () => {
    server.rotation.stepMs = 100;
    const { name } = await newSecret('{"password":"p"}');
    const since = Date.now() - 1;
    const { ARN: arn } = await sm.rotateSecret({ SecretId: name, RotationLambdaARN: lambdaArn });
    await sm.deleteSecret({ SecretId: name, RecoveryWindowInDays: 7 });
    const stream = await until(async () => {
      const page = await logs.filterLogEvents({ logGroupName: GROUP, startTime: since, filterPattern: '"[ERROR] InvalidRequestException"' });
      return page.events?.[0];
    });
    expect(stream.message).toContain('when calling the GetSecretValue operation');
    expect(stream.message).toContain('in lambda_handler\n    create_secret(service_client, arn, token)');
    const mine = await logs.filterLogEvents({ logGroupName: GROUP, startTime: since, filterPattern: `"${arn}"` });
    expect(mine.events ?? []).toEqual([]);
  });

  it("stops with lambda_handler's own check when AWSPENDING was taken off the rotation's version meanwhile", async () => {
    server.rotation.stepMs = 100;
    const { name, first } = await newSecret('{"password":"p"}');
    const { VersionId: token } = await sm.rotateSecret({ SecretId: name, RotationLambdaARN: lambdaArn });
    await until(() => sm.getSecretValue({ SecretId: name, VersionStage: 'AWSPENDING' }).catch(() => undefined));
    await sm.updateSecretVersionStage({ SecretId: name, VersionStage: 'AWSPENDING', RemoveFromVersionId: token });
    const error = await until(async () => {
      const page = await logs.filterLogEvents({ logGroupName: GROUP, filterPattern: `"[ERROR] ValueError: Secret version ${token} has no stage"` });
      return page.events?.[0];
    });
    expect(error.message).toContain('in lambda_handler');
    expect(labels((await sm.describeSecret({ SecretId: name })).VersionIdsToStages)).toEqual({ AWSCURRENT: first });
  });

  it('pages FilterLogEvents by limit and nextToken, by name or ARN, and within a time range', async () => {
    const everything = await allEvents(logs);
    expect(everything.length).toBeGreaterThan(10);
    const paged = await allEvents(logs, { limit: 3 });
    expect(paged.map((e) => e.eventId)).toEqual(everything.map((e) => e.eventId));
    const timestamps = everything.map((e) => e.timestamp!);
    expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
    const middle = timestamps[Math.floor(timestamps.length / 2)]!;
    const ranged = await logs.filterLogEvents({ logGroupName: GROUP, startTime: middle, endTime: middle });
    expect(ranged.events?.every((e) => e.timestamp === middle)).toBe(true);
    const byArn = await logs.filterLogEvents({
      logGroupIdentifier: `arn:aws:logs:${server.info.region}:${server.info.accountId}:log-group:${GROUP}:*`,
      limit: 1,
    });
    expect(byArn.events?.[0]?.eventId).toBe(everything[0]?.eventId);
    expect(byArn.nextToken).toBeDefined();
    const groups = await logs.describeLogGroups({ logGroupNamePrefix: '/aws/lambda/' });
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual([GROUP]);
  });

  it('answers an unknown log group and bad input as CloudWatch Logs does (raw HTTP)', async () => {
    const missing = await errorOf(logs.filterLogEvents({ logGroupName: '/aws/lambda/none' }));
    expect(missing).toEqual({ name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    const keys = { accessKeyId: server.info.accessKeyId, secretAccessKey: server.info.secretAccessKey };
    const call = (target: string, body: unknown, service = 'logs') =>
      sendSigned(server.info.endpoint, keys, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, JSON.stringify(body), {
        service,
      });
    const raw = await call('Logs_20140328.FilterLogEvents', { logGroupName: '/aws/lambda/none' });
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.text)).toEqual({ __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
    const limit = await call('Logs_20140328.FilterLogEvents', { logGroupName: GROUP, limit: 0 });
    expect(JSON.parse(limit.text)).toMatchObject({ __type: 'InvalidParameterException' });
    const token = await call('Logs_20140328.FilterLogEvents', { logGroupName: GROUP, nextToken: 'nonsense' });
    expect(JSON.parse(token.text)).toMatchObject({ __type: 'InvalidParameterException' });
    const both = await call('Logs_20140328.FilterLogEvents', { logGroupName: GROUP, logGroupIdentifier: GROUP });
    expect(JSON.parse(both.text)).toMatchObject({ __type: 'InvalidParameterException' });
    const wrongService = await call('Logs_20140328.FilterLogEvents', { logGroupName: GROUP }, 'secretsmanager');
    expect(JSON.parse(wrongService.text).__type).toBe('InvalidSignatureException');
    const unknown = await call('Logs_20140328.GetQueryResults', {});
    expect(JSON.parse(unknown.text).__type).toBe('UnknownOperationException');
  });
});

describe('persistence', () => {
  it('keeps the rotation configuration and the log across a restart; a run in flight is lost', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyhole-aws-rotation-'));
    try {
      let first = await startAwsSandbox({ seed, dataDir, rotation: { stepMs: 20 } });
      let client = rawClient(first.info);
      await client.createSecret({ Name: 'kept/one', SecretString: '{"password":"a"}' });
      await client.rotateSecret({ SecretId: 'kept/one', RotationLambdaARN: lambdaArnOf(first), RotationRules: { AutomaticallyAfterDays: 5 } });
      await until(async () => ((await client.describeSecret({ SecretId: 'kept/one' })).LastRotatedDate ? true : undefined));
      first.rotation.fault = { step: 'setSecret', mode: 'hang' };
      await client.createSecret({ Name: 'kept/two', SecretString: '{"password":"b"}' });
      const { VersionId: stuck } = await client.rotateSecret({ SecretId: 'kept/two', RotationLambdaARN: lambdaArnOf(first) });
      await until(() => client.getSecretValue({ SecretId: 'kept/two', VersionStage: 'AWSPENDING' }).catch(() => undefined));
      client.destroy();
      await first.close();

      first = await startAwsSandbox({ seed, dataDir, rotation: { stepMs: 20 } });
      client = rawClient(first.info);
      const one = await client.describeSecret({ SecretId: 'kept/one' });
      expect(one).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 5 } });
      expect(one.LastRotatedDate).toBeDefined();
      const two = await client.describeSecret({ SecretId: 'kept/two' });
      expect(labels(two.VersionIdsToStages).AWSPENDING).toBe(stuck);
      const restored = logsClient(first);
      expect((await allEvents(restored)).some((e) => e.message?.includes('finishSecret: Successfully'))).toBe(true);
      expect((await client.cancelRotateSecret({ SecretId: 'kept/two' })).VersionId).toBe(stuck);
      restored.destroy();
      client.destroy();
      await first.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
