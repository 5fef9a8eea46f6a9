import type {
  AwsConnectionConfig,
  AwsScope,
  AzureConnectionConfig,
  AzureScope,
  Connection,
  Environment,
  EnvironmentScope,
  VaultConnectionConfig,
  VaultScope,
} from '../../../../shared/connections';
import { KeyholeError } from '../../../../shared/errors';
import type { ConnectionCredentials } from '../connections/credentials';
import { withProxyAuth } from '../connections/proxy-url';
import { Limiter } from '../jobs/limiter';
import { Pacers } from '../jobs/pacer';
import type { ProviderDeps, ProviderFactory } from './deps';
import { guardProvider } from './guarded-provider';
import type { Provider } from './provider';

export interface ProviderFactories {
  vault: ProviderFactory<VaultConnectionConfig, VaultScope>;
  aws: ProviderFactory<AwsConnectionConfig, AwsScope>;
  azure: ProviderFactory<AzureConnectionConfig, AzureScope>;
}

/** Concurrent calls per connection (the benchmarks state the same figure). */
export const CONNECTION_CONCURRENCY = 16;

/** A scope for calls that need none (identity, discovery): the connection-level check. */
function neutralScope(connection: Connection): EnvironmentScope {
  switch (connection.config.kind) {
    case 'vault':
      return { kind: 'vault', mount: 'secret', prefix: '' };
    case 'aws':
      return { kind: 'aws', region: connection.config.region, prefix: '' };
    case 'azure':
      return { kind: 'azure', vaultUrl: 'https://placeholder.vault.azure.net', prefix: '' };
  }
}

/**
 * Builds providers from stored connections, their keychain secrets and an environment's scope.
 * `get` caches one provider per (connection, environment) so logins and sockets are reused;
 * `invalidate` drops them when the connection changes. `open` builds a fresh one the caller closes.
 */
export class ProviderRegistry {
  private readonly cache = new Map<string, Promise<Provider>>();
  private readonly limiters = new Map<string, Limiter>();
  private readonly pacers = new Map<string, Pacers>();

  constructor(
    private readonly factories: ProviderFactories,
    private readonly credentials: ConnectionCredentials,
    private readonly deps: Omit<ProviderDeps, 'caPem' | 'proxyUrl'>,
    /** Called when a credential that cannot renew itself is about to run out (Vault tokens). */
    private readonly onCredentialExpiring: (connection: Connection, expiresAt: string) => void = () => undefined,
  ) {}

  get(connection: Connection, environment?: Environment): Promise<Provider> {
    const key = `${connection.id}/${environment?.id ?? '-'}`;
    let provider = this.cache.get(key);
    if (!provider) {
      provider = this.open(connection, environment).then((opened) => guardProvider(opened, this.limiter(connection.id), this.deps.clock));
      provider.catch(() => this.cache.delete(key));
      this.cache.set(key, provider);
    }
    return provider;
  }

  /** One bound per connection, shared by its environments (the provider's limits are per identity). */
  private limiter(connectionId: string): Limiter {
    let limiter = this.limiters.get(connectionId);
    if (!limiter) {
      limiter = new Limiter(CONNECTION_CONCURRENCY);
      this.limiters.set(connectionId, limiter);
    }
    return limiter;
  }

  /** Quotas are per identity too: the connection's environments share its pacers. */
  private pacersOf(connectionId: string): Pacers {
    let pacers = this.pacers.get(connectionId);
    if (!pacers) {
      pacers = new Pacers();
      this.pacers.set(connectionId, pacers);
    }
    return pacers;
  }

  async invalidate(connectionId: string): Promise<void> {
    const closing: Array<Promise<void>> = [];
    for (const [key, provider] of this.cache) {
      if (!key.startsWith(`${connectionId}/`)) continue;
      this.cache.delete(key);
      closing.push(provider.then((p) => p.close()).catch(() => undefined));
    }
    await Promise.all(closing);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...new Set([...this.cache.keys()].map((key) => key.split('/')[0] ?? ''))].map((id) => this.invalidate(id)));
  }

  async open(connection: Connection, environment?: Environment): Promise<Provider> {
    const scope = environment?.scope ?? neutralScope(connection);
    if (scope.kind !== connection.config.kind) throw new KeyholeError('INVALID_INPUT');
    const secrets = await this.credentials.get(connection.id);
    const deps: ProviderDeps = {
      ...this.deps,
      pacers: this.pacersOf(connection.id),
      ...(connection.caPem !== undefined ? { caPem: connection.caPem } : {}),
      ...(connection.proxyUrl !== undefined ? { proxyUrl: withProxyAuth(connection.proxyUrl, await this.credentials.proxyAuth(connection.id)) } : {}),
    };
    const config = connection.config;
    switch (config.kind) {
      case 'vault':
        return this.factories.vault(
          config,
          secrets,
          scope as VaultScope,
          {
            ...deps,
            onTokenExpiring: (expiresAt: string) => this.onCredentialExpiring(connection, expiresAt),
          } as ProviderDeps,
        );
      case 'aws':
        return this.factories.aws(config, secrets, scope as AwsScope, deps);
      case 'azure':
        return this.factories.azure(config, secrets, scope as AzureScope, deps);
    }
  }
}
