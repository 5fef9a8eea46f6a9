/** Facts about Azure endpoints the adapter decides on: loopback, Microsoft authorities, Key Vault's resource. */

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Entra authority hosts MSAL knows (public and sovereign clouds): instance discovery works for these. */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login-us.microsoftonline.com',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
]);

/**
 * MSAL validates an authority by asking login.microsoftonline.com's instance discovery about it;
 * for any other host (the sandbox, Azure Stack, ADFS) that call cannot succeed, so discovery
 * is disabled and the configured authority is trusted as given.
 */
export function needsInstanceDiscoveryDisabled(authorityHost: string | undefined): boolean {
  if (authorityHost === undefined) return false;
  return !MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}

/** The token scope for a vault: each cloud has its own Key Vault resource. */
export function keyVaultScope(vaultUrl: string): string {
  const host = new URL(vaultUrl).hostname.toLowerCase();
  if (host.endsWith('.vault.azure.cn')) return 'https://vault.azure.cn/.default';
  if (host.endsWith('.vault.usgovcloudapi.net')) return 'https://vault.usgovcloudapi.net/.default';
  if (host.endsWith('.vault.microsoftazure.de')) return 'https://vault.microsoftazure.de/.default';
  return 'https://vault.azure.net/.default';
}
