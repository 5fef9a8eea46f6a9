import type { VaultConnectionConfig, VaultScope } from '../../../../../shared/connections';
import type { ProviderFactory } from '../deps';
import type { VaultProviderDeps } from './session';
import { VaultProvider } from './vault-provider';

export { discoverVaultMounts } from './discover';
export { readVaultTokenFile } from './token-file';
export type { VaultProviderDeps, VaultProviderOptions } from './session';

/**
 * The Vault KV v2 adapter. `deps` may carry VaultProviderOptions besides ProviderDeps, e.g.
 * `onTokenExpiring(expiresAt)` so the UI can warn before a token that cannot be renewed runs out.
 */
export const createVaultProvider: ProviderFactory<VaultConnectionConfig, VaultScope> = (config, secrets, scope, deps: VaultProviderDeps) =>
  new VaultProvider(config, secrets, scope, deps);
