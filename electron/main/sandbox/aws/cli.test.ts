import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import type { SandboxServer } from '../server-handle';
import { startAwsSandbox, type AwsSandboxInfo } from './index';
import { BINARY_SECRET_NAME } from './seed-load';

/** The AWS CLI (botocore, a second independent client) against the sandbox. */
const run = promisify(execFile);
const probe = spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 30_000 });
const cliAvailable = probe.status === 0;
const title = cliAvailable ? 'AWS CLI against the sandbox' : 'AWS CLI against the sandbox (skipped: `aws` is not installed; apt-get install awscli)';

const seed = generateSeed({ count: 30, seed: 21 });
let server: SandboxServer<AwsSandboxInfo>;
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
    server = await startAwsSandbox({ seed });
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
});
