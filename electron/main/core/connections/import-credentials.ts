import { homedir } from 'node:os';
import type { ConnectionConfig, ConnectionSecrets } from '../../../../shared/connections';
import { KeyholeError } from '../../../../shared/errors';
import { readVaultTokenFile } from '../providers/vault';

/**
 * Credentials main can import on the operator's behalf, so they never pass through the
 * renderer: today the Vault CLI's `~/.vault-token`.
 */
export async function importCredentials(config: ConnectionConfig, home: string = homedir()): Promise<ConnectionSecrets> {
  if (config.kind !== 'vault' || config.auth.method !== 'token') throw new KeyholeError('UNSUPPORTED');
  const token = await readVaultTokenFile(home);
  if (token === null) throw new KeyholeError('NOT_FOUND', { path: '~/.vault-token' });
  return { token };
}
