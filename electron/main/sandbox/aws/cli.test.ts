import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import { startAwsSandbox, type AwsSandboxServer } from './index';
import { BINARY_SECRET_NAME } from './seed-load';

/** The AWS CLI (botocore, a second independent client) against the sandbox. */
const run = promisify(execFile);
const probe = spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 30_000 });
const cliAvailable = probe.status === 0;
const title = cliAvailable ? 'AWS CLI against the sandbox' : 'AWS CLI against the sandbox (skipped: `aws` is not installed; apt-get install awscli)';

const seed = generateSeed({ count: 30, seed: 21 });
let server: AwsSandboxServer;
let home: string;

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('aws', ['--endpoint-url', server.info.endpoint, '--output', 'json', ...args], {
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.PYENV_ROOT !== undefined ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
      HOME: home,
      AWS_ACCESS_KEY_ID: server.info.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.info.secretAccessKey,
      AWS_DEFAULT_REGION: server.info.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe.skipIf(!cliAvailable)(title, () => {
  beforeAll(async () => {
    server = await startAwsSandbox({ seed, rotation: { stepMs: 10 } });
    home = mkdtempSync(join(tmpdir(), 'keyhole-aws-cli-'));
  });

  afterAll(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('lists a prefix across pages and reads JSON, string and binary values', async () => {
    const listed = await aws('secretsmanager', 'list-secrets', '--filters', 'Key=name,Values=production/', '--page-size', '7');
    const names = (listed.SecretList as Array<{ Name: string }>).map((s) => s.Name).sort();
    expect(names).toEqual([...seed.production.secrets.map((s) => `production/${s.name}`), `production/${BINARY_SECRET_NAME}`].sort());

    const fieldsSecret = seed.production.secrets.find((s) => s.versions.at(-1)?.value.kind === 'fields');
    const fieldsValue = await aws('secretsmanager', 'get-secret-value', '--secret-id', `production/${fieldsSecret?.name}`);
    const expected = fieldsSecret?.versions.at(-1)?.value;
    expect(JSON.parse(fieldsValue.SecretString as string)).toEqual(expected?.kind === 'fields' ? expected.fields : undefined);
    expect(fieldsValue.VersionStages).toEqual(['AWSCURRENT']);

    const binary = await aws('secretsmanager', 'get-secret-value', '--secret-id', `production/${BINARY_SECRET_NAME}`);
    expect(Buffer.from(binary.SecretBinary as string, 'base64').subarray(0, 4)).toEqual(Buffer.from([0x30, 0x82, 0x04, 0xac]));

    const missing = await aws('secretsmanager', 'describe-secret', '--secret-id', 'production/none').catch(
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(String(missing)).toContain('ResourceNotFoundException');
  }, 120_000);

  it('rotates a secret with rotate-secret and reads the function log with logs filter-log-events', async () => {
    const name = 'staging/cli/rotated';
    await aws('secretsmanager', 'create-secret', '--name', name, '--secret-string', '{"username":"u","password":"p"}');
    const lambda = `arn:aws:lambda:${server.info.region}:${server.info.accountId}:function:keyhole-rotate-postgres`;
    const rotated = await aws(
      'secretsmanager',
      'rotate-secret',
      '--secret-id',
      name,
      '--rotation-lambda-arn',
      lambda,
      '--rotation-rules',
      '{"AutomaticallyAfterDays":30}',
    );
    expect(rotated).toMatchObject({ Name: name, VersionId: expect.any(String) });
    let described: Record<string, unknown> = {};
    for (let i = 0; i < 100 && described.LastRotatedDate === undefined; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      described = await aws('secretsmanager', 'describe-secret', '--secret-id', name);
    }
    expect(described).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 } });
    expect((described.VersionIdsToStages as Record<string, string[]>)[rotated.VersionId as string]).toEqual(['AWSCURRENT']);
    const logged = await aws(
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/keyhole-rotate-postgres',
      '--filter-pattern',
      `"${rotated.VersionId as string}"`,
      '--page-size',
      '1',
    );
    const messages = (logged.events as Array<{ message: string }>).map((e) => e.message);
    expect(messages.some((m) => m.includes('createSecret: Successfully put secret'))).toBe(true);
    expect(messages.some((m) => m.includes('finishSecret: Successfully set AWSCURRENT'))).toBe(true);
  }, 120_000);
});
