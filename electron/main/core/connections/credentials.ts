import type { ConnectionSecrets } from '../../../../shared/connections';
import { KeyholeError } from '../../../../shared/errors';
import type { CredentialStore } from '../ports';

/** A connection's secrets live in the keychain under one account, as a small JSON object. */
export class ConnectionCredentials {
  constructor(private readonly keychain: CredentialStore) {}

  private account(connectionId: string): string {
    return `connection:${connectionId}`;
  }

  async get(connectionId: string): Promise<ConnectionSecrets> {
    const stored = await this.keychain.get(this.account(connectionId));
    if (stored === null) return {};
    try {
      const parsed = JSON.parse(stored) as unknown;
      if (typeof parsed !== 'object' || parsed === null) return {};
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      throw new KeyholeError('CREDENTIAL_STORE_UNAVAILABLE');
    }
  }

  async has(connectionId: string): Promise<boolean> {
    return (await this.keychain.get(this.account(connectionId))) !== null;
  }

  async set(connectionId: string, secrets: ConnectionSecrets): Promise<void> {
    await this.keychain.set(this.account(connectionId), JSON.stringify(secrets));
  }

  async wipe(connectionId: string): Promise<void> {
    await this.keychain.delete(this.account(connectionId));
  }

  /** The `user:pass` of the connection's proxy URL, apart from the provider's secrets (proxy-url.ts). */
  async proxyAuth(connectionId: string): Promise<string | null> {
    return this.keychain.get(`connection-proxy:${connectionId}`);
  }

  async setProxyAuth(connectionId: string, userinfo: string | null): Promise<void> {
    if (userinfo !== null) await this.keychain.set(`connection-proxy:${connectionId}`, userinfo);
    else await this.keychain.delete(`connection-proxy:${connectionId}`);
  }
}
