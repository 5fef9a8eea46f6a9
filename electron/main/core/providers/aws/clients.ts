import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { CloudWatchLogs } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { STS } from '@aws-sdk/client-sts';
import type { AwsConnectionConfig, AwsScope, ConnectionSecrets } from '../../../../../shared/connections';
import type { ProviderDeps } from '../deps';
import { createProxyAgent, proxyFailureOf } from '../proxy';
import { baseCredentials, memoizeCredentials, type MemoizedCredentials } from './credentials';
import { clockSkewRetryOnly, SDK_MAX_ATTEMPTS } from './retry';

export interface AwsClients {
  secrets: SecretsManager;
  sts: STS;
  /** The rotation function's log (CloudWatch Logs) in the environment's region. */
  logs: CloudWatchLogs;
  credentials: MemoizedCredentials;
  close(): void;
}

const PROXY_FAILURES = { step: 'initialize', name: 'keyholeProxyFailures' } as const;

/** Outermost: a proxy's refusal (also met by the credential chain's STS calls) becomes UNAVAILABLE/UNAUTHENTICATED (proxy). */
const proxyFailures =
  <Args, Result>(next: (args: Args) => Promise<Result>) =>
  async (args: Args): Promise<Result> => {
    try {
      return await next(args);
    } catch (error) {
      throw proxyFailureOf(error) ?? error;
    }
  };

const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One Secrets Manager and one CloudWatch Logs client for the environment's region and one STS
 * client for the connection's region, sharing credentials, sockets, the connection's CA bundle
 * and the retry choice (retry.ts). An endpoint override applies to every service and to the STS
 * calls the credential chain makes.
 */
export function createClients(config: AwsConnectionConfig, secrets: ConnectionSecrets, scope: AwsScope, deps: ProviderDeps): AwsClients {
  const ca = deps.caPem !== undefined ? [...rootCertificates, deps.caPem] : undefined;
  // Through a proxy, one tunnelling agent (proxy.ts) serves http and https endpoints alike.
  const tunnel = deps.proxyUrl !== undefined ? createProxyAgent(deps.proxyUrl, { maxSockets: 50, ...(ca ? { ca } : {}) }) : undefined;
  const httpAgent = tunnel ?? new HttpAgent({ keepAlive: true, maxSockets: 50 });
  const httpsAgent = tunnel ?? new HttpsAgent({ keepAlive: true, maxSockets: 50, ...(ca ? { ca } : {}) });
  const requestHandler = { httpAgent, httpsAgent, connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS };
  const common = {
    requestHandler,
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryStrategy: clockSkewRetryOnly,
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint, useFipsEndpoint: false, useDualstackEndpoint: false } : {}),
  };
  const stsClientConfig = { ...common, region: config.region };
  const credentials = memoizeCredentials(baseCredentials(config, secrets, stsClientConfig), deps.clock);
  const secretsClient = new SecretsManager({ ...common, region: scope.region, credentials });
  const stsClient = new STS({ ...stsClientConfig, credentials });
  const logsClient = new CloudWatchLogs({ ...common, region: scope.region, credentials });
  if (tunnel) {
    secretsClient.middlewareStack.add(proxyFailures, PROXY_FAILURES);
    stsClient.middlewareStack.add(proxyFailures, PROXY_FAILURES);
    logsClient.middlewareStack.add(proxyFailures, PROXY_FAILURES);
  }
  return {
    secrets: secretsClient,
    sts: stsClient,
    logs: logsClient,
    credentials,
    close() {
      secretsClient.destroy();
      stsClient.destroy();
      logsClient.destroy();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
