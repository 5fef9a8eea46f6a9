import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { CloudWatchLogs } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { STS } from '@aws-sdk/client-sts';
import type { AwsConnectionConfig, AwsScope, ConnectionSecrets } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';
import type { ProviderDeps } from '../deps';
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

const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One Secrets Manager and one CloudWatch Logs client for the environment's region and one STS
 * client for the connection's region, sharing credentials, sockets, the connection's CA bundle
 * and the retry choice (retry.ts). An endpoint override applies to every service and to the STS
 * calls the credential chain makes.
 */
export function createClients(config: AwsConnectionConfig, secrets: ConnectionSecrets, scope: AwsScope, deps: ProviderDeps): AwsClients {
  // The SDK has no proxy support of its own and Keyhole ships no proxy agent yet: refusing is
  // better than silently going around the operator's proxy.
  if (deps.proxyUrl !== undefined) throw new KeyholeError('UNSUPPORTED', { detail: 'proxy' });
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 50 });
  const httpsAgent = new HttpsAgent({
    keepAlive: true,
    maxSockets: 50,
    ...(deps.caPem !== undefined ? { ca: [...rootCertificates, deps.caPem] } : {}),
  });
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
