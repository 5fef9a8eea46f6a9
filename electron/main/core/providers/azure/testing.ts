import { readFileSync } from 'node:fs';
import type { AzureConnectionConfig } from '../../../../../shared/connections';
import { startAzureSandbox, type AzureSandboxInfo, type AzureSandboxOptions, type AzureVaultName } from '../../../sandbox/azure';
import type { SandboxServer } from '../../../sandbox/server-handle';
import { silentLogger } from '../../logger';
import { systemClock } from '../../system-clock';
import type { ProviderDeps } from '../deps';
import type { Provider } from '../provider';
import { createAzureProvider } from './provider';

/** Test fixture: the Key Vault sandbox and providers connected to it as the app would connect. */
export interface AzureFixture {
  sandbox: SandboxServer<AzureSandboxInfo>;
  ca: string;
  config: AzureConnectionConfig;
  deps: ProviderDeps;
  provider(vault?: AzureVaultName, options?: { prefix?: string; clientSecret?: string }): Provider;
}

export async function startAzureFixture(options: AzureSandboxOptions): Promise<AzureFixture> {
  const sandbox = await startAzureSandbox(options);
  const ca = readFileSync(sandbox.info.caCertPath, 'utf8');
  const config: AzureConnectionConfig = {
    kind: 'azure',
    tenantId: sandbox.info.tenantId,
    authorityHost: sandbox.info.authorityHost,
    auth: { method: 'client-secret', clientId: sandbox.info.clientId },
  };
  const deps: ProviderDeps = { clock: systemClock, logger: silentLogger, caPem: ca };
  return {
    sandbox,
    ca,
    config,
    deps,
    provider: (vault = 'staging', { prefix = '', clientSecret = sandbox.info.clientSecret } = {}) =>
      createAzureProvider(config, { clientSecret }, { kind: 'azure', vaultUrl: sandbox.info.vaultUrls[vault], prefix }, deps),
  };
}

export async function collect<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page.items);
  return all;
}
