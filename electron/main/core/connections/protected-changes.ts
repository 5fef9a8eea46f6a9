import type { Connection, ConnectionConfig, Environment } from '../../../../shared/connections';

/** The endpoint-like parts of a connection: changing them points its credential somewhere else. */
export function endpointOf(config: ConnectionConfig): string {
  switch (config.kind) {
    case 'vault':
      return `${config.address}|${config.namespace ?? ''}`;
    case 'aws':
      return `${config.endpoint ?? ''}`;
    case 'azure':
      return `${config.authorityHost ?? ''}|${config.tenantId}`;
  }
}

/** True when the change moves the connection's endpoint or authority: the stored credential is wiped. */
export function endpointChanged(before: Connection, after: Connection): boolean {
  return endpointOf(before.config) !== endpointOf(after.config);
}

/**
 * A connection change is protected when the connection reaches a protected environment and the
 * change touches its endpoint, authority or CA (ARCHITECTURE: Connections, environments, protection).
 */
export function isProtectedConnectionChange(before: Connection, after: Connection, environments: Environment[]): boolean {
  if (!environments.some((environment) => environment.protected)) return false;
  return endpointChanged(before, after) || (before.caPem ?? '') !== (after.caPem ?? '') || (before.proxyUrl ?? '') !== (after.proxyUrl ?? '');
}

/** Removing protection, or moving a protected environment's scope, is protected. */
export function isProtectedEnvironmentChange(before: Environment, after: Environment): boolean {
  if (before.protected && !after.protected) return true;
  return before.protected && JSON.stringify(before.scope) !== JSON.stringify(after.scope);
}

/** Production is protected unless the operator says otherwise. */
export function protectedByDefault(name: string): boolean {
  return /\bprod/i.test(name) || /production/i.test(name);
}
