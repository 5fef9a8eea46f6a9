import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import type { AwsConnectionConfig, AwsScope, ConnectionSecrets } from '../../../../../shared/connections';
import type { SecretSummary } from '../../../../../shared/domain';
import { startAwsSandbox, type AwsSandboxInfo, type AwsSandboxOptions, type AwsSandboxServer } from '../../../sandbox/aws';
import { generateSeed } from '../../../sandbox/seed/generate';
import { silentLogger, type Logger } from '../../logger';
import { systemClock } from '../../system-clock';
import type { Provider } from '../provider';
import { createAwsProvider } from './index';

/** Test helpers: a seeded sandbox, providers bound to it, a raw SDK client for setting the scene. */
export type AwsSandbox = AwsSandboxServer;

export function startSeededSandbox(options: { count?: number; canary?: string } & Omit<AwsSandboxOptions, 'seed'> = {}): Promise<AwsSandbox> {
  const { count, canary, ...rest } = options;
  return startAwsSandbox({ seed: generateSeed({ count: count ?? 40, seed: 7, ...(canary !== undefined ? { canary } : {}) }), ...rest });
}

export function keysConfig(info: AwsSandboxInfo, accessKeyId = info.accessKeyId): AwsConnectionConfig {
  return { kind: 'aws', region: info.region, endpoint: info.endpoint, auth: { method: 'keys', accessKeyId } };
}

export function sandboxProvider(
  info: AwsSandboxInfo,
  scope: Partial<AwsScope> = {},
  overrides: { config?: AwsConnectionConfig; secrets?: ConnectionSecrets; logger?: Logger } = {},
): Provider {
  return createAwsProvider(
    overrides.config ?? keysConfig(info),
    overrides.secrets ?? { secretAccessKey: info.secretAccessKey },
    { kind: 'aws', region: info.region, prefix: info.prefixes.production, ...scope },
    { clock: systemClock, logger: overrides.logger ?? silentLogger },
  );
}

/** The official client with the sandbox's keys, for arranging state behind the adapter's back. */
export function rawClient(info: AwsSandboxInfo): SecretsManager {
  return new SecretsManager({
    endpoint: info.endpoint,
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    maxAttempts: 1,
  });
}

export async function listAll(provider: Provider): Promise<SecretSummary[]> {
  const out: SecretSummary[] = [];
  for await (const page of provider.list()) out.push(...page.items);
  return out;
}
