import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { AzureCliCredential, ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { rootCertificates } from 'node:tls';
import type { AzureConnectionConfig, ConnectionSecrets } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';
import type { ProviderDeps } from '../deps';
import { createProxyAgent, proxyFailureOf } from '../proxy';
import { isLoopbackHost, needsInstanceDiscoveryDisabled } from './endpoints';
import { nextLinkRecordingHttpClient } from './next-link';

/**
 * Pipeline options both the credential and the SecretClient share: this connection's CA and proxy.
 * The SDK's own proxyOptions would drop the CA (its proxy agent ignores tlsOptions), so a proxied
 * connection gets the tunnelling agent (proxy.ts) with the CA in it instead; a request that carries
 * an agent also bypasses the SDK's HTTPS_PROXY/NO_PROXY environment lookup.
 */
function transportOptions(deps: ProviderDeps) {
  const ca = deps.caPem !== undefined ? [...rootCertificates, deps.caPem] : undefined;
  if (deps.proxyUrl !== undefined) {
    return {
      agent: createProxyAgent(deps.proxyUrl, ca ? { ca } : {}),
      additionalPolicies: [{ policy: proxyFailures, position: 'perCall' as const }],
    };
  }
  // Adds the connection's CA to the system roots for this client only (never process-wide).
  return ca ? { tlsOptions: { ca } } : {};
}

/** A proxy's refusal becomes UNAVAILABLE/UNAUTHENTICATED (proxy) before the SDK wraps it. */
const proxyFailures: PipelinePolicy = {
  name: 'keyholeProxyFailures',
  async sendRequest(request, next) {
    try {
      return await next(request);
    } catch (error) {
      throw proxyFailureOf(error) ?? error;
    }
  },
};

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
