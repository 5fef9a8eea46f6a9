import { AzureCliCredential, ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { rootCertificates } from 'node:tls';
import type { AzureConnectionConfig, ConnectionSecrets } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';
import type { ProviderDeps } from '../deps';
import { isLoopbackHost, needsInstanceDiscoveryDisabled } from './endpoints';
import { nextLinkRecordingHttpClient } from './next-link';

/** Pipeline options both the credential and the SecretClient share: this connection's CA and proxy. */
function transportOptions(deps: ProviderDeps) {
  return {
    // Adds the connection's CA to the system roots for this client only (never process-wide).
    ...(deps.caPem !== undefined ? { tlsOptions: { ca: [...rootCertificates, deps.caPem] } } : {}),
    ...(deps.proxyUrl !== undefined ? { proxyOptions: proxySettings(deps.proxyUrl) } : {}),
  };
}

function proxySettings(proxyUrl: string) {
  const url = new URL(proxyUrl);
  return {
    host: `${url.protocol}//${url.hostname}`,
    port: url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
  };
}

export function createCredential(config: AzureConnectionConfig, secrets: ConnectionSecrets, deps: ProviderDeps): TokenCredential {
  const authority = {
    ...(config.authorityHost !== undefined ? { authorityHost: config.authorityHost.replace(/\/+$/, '') } : {}),
    ...(needsInstanceDiscoveryDisabled(config.authorityHost) ? { disableInstanceDiscovery: true } : {}),
  };
  switch (config.auth.method) {
    case 'client-secret': {
      const clientSecret = secrets.clientSecret;
      if (clientSecret === undefined || clientSecret === '') throw new KeyholeError('UNAUTHENTICATED', { detail: 'missing-client-secret' });
      return new ClientSecretCredential(config.tenantId, config.auth.clientId, clientSecret, { ...authority, ...transportOptions(deps) });
    }
    case 'cli':
      return new AzureCliCredential({ tenantId: config.tenantId });
    case 'default':
      return new DefaultAzureCredential({ tenantId: config.tenantId, ...authority, ...transportOptions(deps) });
  }
}

export function createSecretClient(vaultUrl: string, credential: TokenCredential, deps: ProviderDeps): SecretClient {
  const options: SecretClientOptions = {
    ...transportOptions(deps),
    httpClient: nextLinkRecordingHttpClient(),
    // Keyhole retries in one place (jobs/backoff, honouring Retry-After and cancellation); a
    // second, hidden retry layer here would also repeat non-idempotent writes.
    retryOptions: { maxRetries: 0 },
    // The challenge's resource (vault.azure.net) must be a suffix of the vault's host, which a
    // loopback endpoint (the sandbox) can never be. Only there is the check turned off; the SDK
    // still refuses to send a token to an origin other than the one that challenged.
    ...(isLoopbackHost(new URL(vaultUrl).hostname) ? { disableChallengeResourceVerification: true } : {}),
  };
  return new SecretClient(vaultUrl, credential, options);
}
