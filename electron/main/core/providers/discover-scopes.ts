import { withProxyAuth } from '../connections/proxy-url';
import type { Core, ScopeSuggestion } from '../core';
import { discoverVaultMounts } from './vault';

/** Scopes a new environment could use on a connection: Vault's KV v2 mounts, AWS's region. */
export async function discoverScopes(core: Core, connectionId: string): Promise<ScopeSuggestion[]> {
  const connection = core.connections.connection(connectionId);
  const config = connection.config;
  switch (config.kind) {
    case 'vault': {
      const secrets = await core.credentials.get(connectionId);
      const mounts = await discoverVaultMounts(config, secrets, {
        clock: core.options.clock,
        logger: core.options.logger,
        ...(connection.caPem !== undefined ? { caPem: connection.caPem } : {}),
        ...(connection.proxyUrl !== undefined
          ? { proxyUrl: withProxyAuth(connection.proxyUrl, await core.credentials.proxyAuth(connectionId)) }
          : {}),
      });
      return mounts.map((mount) => ({ label: `KV v2 mount ${mount}`, scope: { kind: 'vault', mount, prefix: '' } }));
    }
    case 'aws':
      return [{ label: `All secrets in ${config.region}`, scope: { kind: 'aws', region: config.region, prefix: '' } }];
    case 'azure':
      return [];
  }
}
