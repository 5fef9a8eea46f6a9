import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsConnectionConfig } from '../../../../../shared/connections';
import { isKeyholeError } from '../../../../../shared/errors';
import { listAll, sandboxProvider, startSeededSandbox, type AwsSandbox } from './testing';

const ENV_KEYS = [
  'HOME',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_EC2_METADATA_DISABLED',
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let sandbox: AwsSandbox;
let clockOffset = 0;
let home: string;

function writeAwsFiles(config: string, credentials: string): void {
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), config);
  writeFileSync(join(home, '.aws', 'credentials'), credentials);
}

function profileConfig(profile: string): AwsConnectionConfig {
  return { kind: 'aws', region: sandbox.info.region, endpoint: sandbox.info.endpoint, auth: { method: 'profile', profile } };
}

beforeAll(async () => {
  sandbox = await startSeededSandbox({ count: 10, now: () => Date.now() + clockOffset });
  home = mkdtempSync(join(tmpdir(), 'keyhole-aws-home-'));
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.HOME = home;
  // Never let the default chain reach for an instance metadata service.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const { accessKeyId, secretAccessKey, roleArn } = sandbox.info;
  writeAwsFiles(
    [
      '[profile operator]',
      `role_arn = ${roleArn}`,
      'source_profile = base',
      'role_session_name = keyhole-test',
      '',
      '[profile elsewhere]',
      'role_arn = arn:aws:iam::111122223333:role/not-yours',
      'source_profile = base',
      '',
      '[profile base]',
      'region = us-east-1',
      '',
    ].join('\n'),
    ['[base]', `aws_access_key_id = ${accessKeyId}`, `aws_secret_access_key = ${secretAccessKey}`, ''].join('\n'),
  );
});

afterEach(() => {
  clockOffset = 0;
});

afterAll(async () => {
  await sandbox.close();
  rmSync(home, { recursive: true, force: true });
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe('credentials', () => {
  it('uses a plain named profile', async () => {
    const provider = sandboxProvider(sandbox.info, {}, { config: profileConfig('base'), secrets: {} });
    expect((await provider.identity()).principal).toBe(`arn:aws:iam::${sandbox.info.accountId}:user/keyhole-sandbox`);
    await provider.close();
  });

  it('assumes the role of a profile with role_arn and source_profile through STS at the endpoint', async () => {
    const provider = sandboxProvider(sandbox.info, {}, { config: profileConfig('operator'), secrets: {} });
    const identity = await provider.identity();
    expect(identity.principal).toBe(`arn:aws:sts::${sandbox.info.accountId}:assumed-role/keyhole-sandbox-operator/keyhole-test`);
    const expiresIn = Date.parse(identity.expiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(55 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    expect((await listAll(provider)).length).toBeGreaterThan(5);

    // The sandbox's clock passes the session's end: the session's keys are refused.
    clockOffset = 61 * 60_000;
    const error = await provider.metadata('platform/tls/client-keystore').catch((e: unknown) => e);
    expect(isKeyholeError(error) && error.code).toBe('UNAUTHENTICATED');
    expect(isKeyholeError(error) && error.detail).toBe('ExpiredTokenException');
    await provider.close();
  });

  it('reports a role the keys may not assume as FORBIDDEN', async () => {
    const provider = sandboxProvider(sandbox.info, {}, { config: profileConfig('elsewhere'), secrets: {} });
    const error = await provider.identity().catch((e: unknown) => e);
    expect(isKeyholeError(error) && error.code).toBe('FORBIDDEN');
    await provider.close();
  });

  it('reports a missing profile as UNAUTHENTICATED', async () => {
    const provider = sandboxProvider(sandbox.info, {}, { config: profileConfig('nobody'), secrets: {} });
    const error = await provider.identity().catch((e: unknown) => e);
    expect(isKeyholeError(error) && error.code).toBe('UNAUTHENTICATED');
    expect(isKeyholeError(error) && error.message).not.toContain(home);
    await provider.close();
  });

  it('follows the default chain (environment keys)', async () => {
    process.env.AWS_ACCESS_KEY_ID = sandbox.info.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = sandbox.info.secretAccessKey;
    try {
      const config: AwsConnectionConfig = {
        kind: 'aws',
        region: sandbox.info.region,
        endpoint: sandbox.info.endpoint,
        auth: { method: 'default-chain' },
      };
      const provider = sandboxProvider(sandbox.info, {}, { config, secrets: {} });
      expect((await provider.identity()).principal).toContain(':user/keyhole-sandbox');
      await provider.close();
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it('accepts temporary keys with a session token', async () => {
    const base = sandboxProvider(sandbox.info, {}, { config: profileConfig('operator'), secrets: {} });
    await base.identity();
    await base.close();
    // Temporary keys handed to Keyhole directly (e.g. pasted from an SSO portal).
    const { STS } = await import('@aws-sdk/client-sts');
    const sts = new STS({
      endpoint: sandbox.info.endpoint,
      region: sandbox.info.region,
      credentials: { accessKeyId: sandbox.info.accessKeyId, secretAccessKey: sandbox.info.secretAccessKey },
    });
    const assumed = await sts.assumeRole({ RoleArn: sandbox.info.roleArn, RoleSessionName: 'pasted' });
    sts.destroy();
    const c = assumed.Credentials;
    const config: AwsConnectionConfig = {
      kind: 'aws',
      region: sandbox.info.region,
      endpoint: sandbox.info.endpoint,
      auth: { method: 'keys', accessKeyId: c?.AccessKeyId ?? '' },
    };
    const provider = sandboxProvider(
      sandbox.info,
      {},
      { config, secrets: { secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' } },
    );
    expect((await provider.identity()).principal).toContain('assumed-role/keyhole-sandbox-operator/pasted');
    const forged = sandboxProvider(sandbox.info, {}, { config, secrets: { secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: 'forged' } });
    const error = await forged.identity().catch((e: unknown) => e);
    expect(isKeyholeError(error) && error.code).toBe('UNAUTHENTICATED');
    await Promise.all([provider.close(), forged.close()]);
  });
});
