import type { ConnectionConfig } from '../../../../shared/connections';

/** Where a connection points, for its card. */
export function endpointText(config: ConnectionConfig): string {
  switch (config.kind) {
    case 'vault':
      return config.namespace ? `${config.address} · ns ${config.namespace}` : config.address;
    case 'aws':
      return config.endpoint ? `${config.region} · ${config.endpoint}` : config.region;
    case 'azure':
      return config.authorityHost ? `tenant ${config.tenantId} · ${config.authorityHost}` : `tenant ${config.tenantId}`;
  }
}

/** How it authenticates, without anything secret. */
export function authText(config: ConnectionConfig): string {
  const auth = config.auth;
  switch (auth.method) {
    case 'token':
      return 'token';
    case 'userpass':
    case 'ldap':
      return `${auth.method} as ${auth.username}`;
    case 'approle':
      return `AppRole ${auth.roleId}`;
    case 'keys':
      return `access key ${auth.accessKeyId}`;
    case 'profile':
      return `profile ${auth.profile}`;
    case 'default-chain':
      return 'default credential chain';
    case 'client-secret':
      return `client ${auth.clientId}`;
    case 'cli':
      return 'Azure CLI';
    case 'default':
      return 'default Azure credential';
  }
}

/** Whether the method keeps a secret in the keychain at all (profile, CLI and default chains do not). */
export function usesStoredCredential(config: ConnectionConfig): boolean {
  return !['profile', 'default-chain', 'cli', 'default'].includes(config.auth.method);
}

/** Where a method without a stored credential finds one, for its card. */
export function credentialSource(config: ConnectionConfig): string {
  switch (config.auth.method) {
    case 'profile':
      return 'from ~/.aws, read when needed';
    case 'default-chain':
      return 'from the AWS default chain';
    case 'cli':
      return 'from the Azure CLI login';
    default:
      return 'from the environment';
  }
}
