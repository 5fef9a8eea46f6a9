import type { ConnectionSecrets, VaultConnectionConfig } from '../../../../../shared/connections';
import { isKeyholeError } from '../../../../../shared/errors';
import { parse, sysMountsResponse, uiMountsResponse } from './responses';
import { VaultSession, type VaultProviderDeps } from './session';

type MountTable = Record<string, { type: string; options?: Record<string, string> | null | undefined }>;

function kvV2(table: MountTable): string[] {
  return Object.entries(table)
    .filter(([, mount]) => mount.type === 'kv' && mount.options?.version === '2')
    .map(([path]) => path.replace(/\/+$/, ''))
    .sort();
}

/**
 * The KV version 2 mounts a connection can see, without trailing slashes. Asks
 * sys/internal/ui/mounts first (what Vault's UI and CLI use; every token may call it and it lists
 * what the token can reach), then sys/mounts, which needs sudo.
 */
export async function discoverVaultMounts(config: VaultConnectionConfig, secrets: ConnectionSecrets, deps: VaultProviderDeps): Promise<string[]> {
  const session = new VaultSession(config, secrets, deps);
  try {
    try {
      const body = await session.call((client, requestOptions) => client.read('sys/internal/ui/mounts', requestOptions));
      return kvV2(parse(uiMountsResponse, body).data.secret);
    } catch (error) {
      if (!isKeyholeError(error) || (error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND' && error.code !== 'INTERNAL')) throw error;
    }
    const body = await session.call((client, requestOptions) => client.mounts({ requestOptions }));
    return kvV2(parse(sysMountsResponse, body).data);
  } finally {
    session.close();
  }
}
