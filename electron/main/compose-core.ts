import { join } from 'node:path';
import { Core, type CoreOptions } from './core/core';
import { createAwsProvider } from './core/providers/aws';
import { createAzureProvider } from './core/providers/azure';
import { createVaultProvider } from './core/providers/vault';
import { discoverScopes } from './core/providers/discover-scopes';
import { EmbeddedSandbox } from './sandbox/embedded';
import type { SandboxStartOptions } from './sandbox/start';

export type ComposeOptions = Omit<CoreOptions, 'factories' | 'createSandbox' | 'discoverScopes'> & {
  sandbox?: Omit<SandboxStartOptions, 'dataDir' | 'ports'>;
};

/**
 * Builds core with the real provider adapters and the embedded sandbox. Shared by Electron's
 * composition root and the e2e host, so both run exactly the same services.
 */
export function composeCore(options: ComposeOptions): Core {
  return new Core({
    ...options,
    factories: { vault: createVaultProvider, aws: createAwsProvider, azure: createAzureProvider },
    createSandbox: (core) => new EmbeddedSandbox(core, join(options.dataDir, 'sandbox'), options.sandbox ?? {}),
    discoverScopes,
  });
}
