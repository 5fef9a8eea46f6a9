import type { ConnectionConfig, EnvironmentScope } from '../../shared/connections';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const host = new URL(url).hostname;
    return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * The e2e host serves sandbox connections only: every endpoint a connection or environment
 * names must be on loopback, and AWS must have an explicit (sandbox) endpoint.
 */
export function isSandboxOnlyConfig(config: ConnectionConfig): boolean {
  switch (config.kind) {
    case 'vault':
      return isLoopbackUrl(config.address);
    case 'aws':
      return isLoopbackUrl(config.endpoint);
    case 'azure':
      return isLoopbackUrl(config.authorityHost);
  }
}

export function isSandboxOnlyScope(scope: EnvironmentScope): boolean {
  return scope.kind !== 'azure' || isLoopbackUrl(scope.vaultUrl);
}
