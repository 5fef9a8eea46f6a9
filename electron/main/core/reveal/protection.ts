import type { Connection, Environment } from '../../../../shared/connections';

/**
 * "A path is protected when any protected environment covers it" (ARCHITECTURE: protection):
 * not only the environment a secret was opened through, but any protected environment whose
 * scope reaches the same place (same endpoint and mount, region or vault, and a prefix the path
 * starts with). Where coverage cannot be told from the scope alone (an AWS tag filter), the
 * answer is "protected": the safe side.
 */
export function isProtectedPath(
  environment: Environment,
  connection: Connection,
  name: string,
  all: { connections: Connection[]; environments: Environment[] },
): boolean {
  if (environment.protected) return true;
  const target = locate(environment, connection, name);
  return all.environments.some((other) => {
    if (!other.protected) return false;
    const owner = all.connections.find((c) => c.id === other.connectionId);
    if (owner === undefined) return false;
    const scope = locate(other, owner, '');
    if (scope === null || target === null || scope.space !== target.space) return false;
    return other.scope.kind === 'aws' && other.scope.tag !== undefined ? true : target.path.startsWith(scope.path);
  });
}

interface Location {
  /** The namespace paths live in: endpoint and mount / region / vault. */
  space: string;
  /** The full native path, or for '' the scope's prefix. */
  path: string;
}

function locate(environment: Environment, connection: Connection, name: string): Location | null {
  const scope = environment.scope;
  const config = connection.config;
  if (scope.kind === 'vault' && config.kind === 'vault') {
    const prefix = scope.prefix.replace(/^\/+|\/+$/g, '');
    const mount = scope.mount.replace(/^\/+|\/+$/g, '');
    return {
      space: `vault|${config.address.replace(/\/+$/, '')}|${config.namespace ?? ''}|${mount}`,
      path: `${prefix === '' ? '' : `${prefix}/`}${name}`,
    };
  }
  if (scope.kind === 'aws' && config.kind === 'aws') {
    return { space: `aws|${config.endpoint ?? ''}|${scope.region}`, path: `${scope.prefix}${name}` };
  }
  if (scope.kind === 'azure' && config.kind === 'azure') {
    // Azure names carry the prefix already, and are case-insensitive.
    return { space: `azure|${scope.vaultUrl.replace(/\/+$/, '').toLowerCase()}`, path: (name === '' ? scope.prefix : name).toLowerCase() };
  }
  return null;
}
