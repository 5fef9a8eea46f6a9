import { SecretsManagerClient, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import vault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxInfo } from './start';

/**
 * `npm run sandbox` out of process, used by clients none of us wrote: curl (the LIST verb),
 * node-vault, the AWS SDK and CLI, and the Azure SDK with nothing but its documented options.
 */
const run = promisify(execFile);
let child: ChildProcess;
let info: Required<SandboxInfo>;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/sandbox/cli.ts', '--seed', '40', '--latency-ms', '1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  info = JSON.parse(line) as Required<SandboxInfo>;
}, 60_000);

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

describe('npm run sandbox', () => {
  it('prints one JSON line with what each client needs', () => {
    expect(info.vault).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: expect.any(String) });
    expect(info.aws).toMatchObject({
      endpoint: expect.any(String),
      region: expect.any(String),
      accessKeyId: expect.any(String),
      secretAccessKey: expect.any(String),
    });
    expect(info.azure).toMatchObject({
      vaultUrl: expect.stringMatching(/^https:/),
      caCertPath: expect.any(String),
      tenantId: expect.any(String),
      authorityHost: expect.any(String),
    });
  });

  it('answers curl with the LIST verb and with ?list=true alike', async () => {
    const url = `${info.vault.url}/v1/kv/metadata/staging/`;
    const verb = JSON.parse((await run('curl', ['-s', '-X', 'LIST', '-H', `X-Vault-Token: ${info.vault.token}`, url])).stdout) as {
      data: { keys: string[] };
    };
    const query = JSON.parse((await run('curl', ['-s', '-H', `X-Vault-Token: ${info.vault.token}`, `${url}?list=true`])).stdout) as {
      data: { keys: string[] };
    };
    expect(verb.data.keys.length).toBeGreaterThan(0);
    expect(verb.data.keys).toEqual(query.data.keys);
  });

  it('serves node-vault', async () => {
    const client = vault({ endpoint: info.vault.url, token: info.vault.token, noCustomHTTPVerbs: true });
    const listed = (await client.list('kv/metadata/production/')) as { data: { keys: string[] } };
    const folder = listed.data.keys.find((key) => key.endsWith('/'))!;
    expect(folder).toBeTruthy();
    await expect(client.read('kv/data/production/no/such/secret')).rejects.toMatchObject({ response: { statusCode: 404 } });
  });

  it('serves the AWS SDK', async () => {
    const client = new SecretsManagerClient({
      endpoint: info.aws.endpoint,
      region: info.aws.region,
      credentials: { accessKeyId: info.aws.accessKeyId, secretAccessKey: info.aws.secretAccessKey },
    });
    const page = await client.send(new ListSecretsCommand({ MaxResults: 5 }));
    expect(page.SecretList).toHaveLength(5);
    expect(page.NextToken).toBeTruthy();
    client.destroy();
  });

  const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;
  it.skipIf(!awsCli)(awsCli ? 'serves the AWS CLI' : 'serves the AWS CLI (skipped: `aws` is not installed)', async () => {
    const { stdout } = await run(
      'aws',
      ['--endpoint-url', info.aws.endpoint, '--output', 'json', 'secretsmanager', 'list-secrets', '--max-results', '3'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: info.aws.accessKeyId,
          AWS_SECRET_ACCESS_KEY: info.aws.secretAccessKey,
          AWS_DEFAULT_REGION: info.aws.region,
          AWS_PAGER: '',
        },
      },
    );
    expect((JSON.parse(stdout) as { SecretList: unknown[] }).SecretList.length).toBeGreaterThan(0);
  });

  it('serves the Azure SDK with only its documented client options', async () => {
    const ca = [...rootCertificates, readFileSync(info.azure.caCertPath, 'utf8')];
    const credential = new ClientSecretCredential(info.azure.tenantId, info.azure.clientId, info.azure.clientSecret, {
      authorityHost: info.azure.authorityHost,
      // Documented for authorities outside Microsoft's known clouds (Azure Stack, a local one).
      disableInstanceDiscovery: true,
      tlsOptions: { ca },
    } as ConstructorParameters<typeof ClientSecretCredential>[3]);
    const client = new SecretClient(info.azure.vaultUrl, credential, {
      disableChallengeResourceVerification: true,
      tlsOptions: { ca },
    } as ConstructorParameters<typeof SecretClient>[2]);
    let count = 0;
    for await (const properties of client.listPropertiesOfSecrets()) {
      expect(properties.name).toMatch(/^[0-9a-zA-Z-]+$/);
      if (++count >= 30) break;
    }
    expect(count).toBe(30);
  });
});
