import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetSecretValueCommand, paginateListSecrets, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsSandboxInfo } from '../electron/main/sandbox/aws';
import { CONCURRENCY } from './floors';

const run = promisify(execFile);

/**
 * The SDK peer: what a script written against @aws-sdk does without thinking about batching —
 * ListSecrets page by page, then GetSecretValue per secret through a pool of the same
 * concurrency as Keyhole's connection. SDK defaults otherwise (its own retries on).
 */
export function sdkClient(info: AwsSandboxInfo): SecretsManagerClient {
  return new SecretsManagerClient({
    region: info.region,
    endpoint: info.endpoint,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  });
}

export async function sdkList(client: SecretsManagerClient, prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListSecrets({ client, pageSize: 100 }, { Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 100 })) {
    for (const entry of page.SecretList ?? []) if (entry.Name?.startsWith(prefix) === true && entry.DeletedDate === undefined) names.push(entry.Name);
  }
  return names;
}

async function pool<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Lists both prefixes and reads every current value; answers how many names differ in value. */
export async function sdkDiff(client: SecretsManagerClient, prefixA: string, prefixB: string): Promise<{ read: number; differing: number }> {
  const [a, b] = await Promise.all([sdkList(client, prefixA), sdkList(client, prefixB)]);
  const values = new Map<string, string>();
  let read = 0;
  await pool([...a, ...b], async (name) => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: name }));
    read += 1;
    values.set(name, out.SecretString ?? Buffer.from(out.SecretBinary ?? []).toString('base64'));
  });
  const common = new Set([...a.map((n) => n.slice(prefixA.length)), ...b.map((n) => n.slice(prefixB.length))]);
  let differing = 0;
  for (const name of common) if (values.get(prefixA + name) !== values.get(prefixB + name)) differing += 1;
  return { read, differing };
}

export function awsCliAvailable(): boolean {
  return spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;
}

/** The CLI peer: `aws` invocations, each a fresh process, as an operator's shell loop runs them. */
export class AwsCli {
  private readonly home = mkdtempSync(join(tmpdir(), 'keyhole-bench-aws-'));

  constructor(private readonly info: AwsSandboxInfo) {}

  async run(...args: string[]): Promise<string> {
    const { stdout } = await run('aws', ['--endpoint-url', this.info.endpoint, '--output', 'json', ...args], {
      maxBuffer: 256 * 1024 * 1024,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: this.home,
        AWS_ACCESS_KEY_ID: this.info.accessKeyId,
        AWS_SECRET_ACCESS_KEY: this.info.secretAccessKey,
        AWS_DEFAULT_REGION: this.info.region,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      },
    });
    return stdout;
  }

  /** `aws secretsmanager list-secrets` with the CLI's own pagination over the whole prefix. */
  async listAll(prefix: string): Promise<string[]> {
    const out = JSON.parse(await this.run('secretsmanager', 'list-secrets', '--filters', `Key=name,Values=${prefix}`, '--page-size', '100')) as {
      SecretList?: Array<{ Name?: string }>;
    };
    return (out.SecretList ?? []).flatMap((entry) => (entry.Name !== undefined ? [entry.Name] : []));
  }

  /** One get-secret-value per name, one after another, as `for n in ...; do aws ...; done`. */
  async getEach(names: readonly string[]): Promise<void> {
    for (const name of names) await this.run('secretsmanager', 'get-secret-value', '--secret-id', name);
  }

  close(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
