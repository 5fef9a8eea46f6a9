import type { ConnectionSecrets } from '../../../../shared/connections';
import type { Logger } from '../logger';
import type { Pacers } from '../jobs/pacer';
import type { Clock } from '../ports';
import type { Provider } from './provider';

/** What an adapter gets besides its config: platform ports and the connection's TLS/proxy. */
export interface ProviderDeps {
  clock: Clock;
  logger: Logger;
  /** The connection's pacers, for quotas the provider throttles without saying when to retry (AWS). */
  pacers?: Pacers;
  /** Extra PEM CA bundle trusted by this connection only (never process-wide). */
  caPem?: string;
  proxyUrl?: string;
}

export type ProviderFactory<Config, Scope> = (config: Config, secrets: ConnectionSecrets, scope: Scope, deps: ProviderDeps) => Provider;
