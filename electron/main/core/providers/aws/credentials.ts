import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsConnectionConfig, ConnectionSecrets } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';
import type { Clock } from '../../ports';

/**
 * The connection's AWS credentials: static keys from the keychain, a named profile from
 * ~/.aws/config and ~/.aws/credentials (a profile with role_arn + source_profile assumes the role
 * through the SDK's own STS flow), or the SDK's default chain. `stsClientConfig` reaches the
 * SDK's inner STS client, so an endpoint override (the sandbox, a VPC endpoint) covers
 * AssumeRole too.
 */
export type CredentialProvider = ReturnType<typeof fromIni>;
export type Credentials = Awaited<ReturnType<CredentialProvider>>;

export interface MemoizedCredentials {
  (): Promise<Credentials>;
  /** The credentials last resolved, if any (for the session's expiry). */
  current(): Credentials | undefined;
}

/** Refresh this long before temporary credentials expire, as the SDK does. */
const REFRESH_BEFORE_MS = 5 * 60_000;

export function baseCredentials(
  config: AwsConnectionConfig,
  secrets: ConnectionSecrets,
  stsClientConfig: Record<string, unknown>,
): CredentialProvider {
  const auth = config.auth;
  switch (auth.method) {
    case 'keys': {
      const secretAccessKey = secrets.secretAccessKey;
      const sessionToken = secrets.sessionToken;
      return async () => {
        if (secretAccessKey === undefined || secretAccessKey === '') throw new KeyholeError('UNAUTHENTICATED', { detail: 'missing-secret' });
        return { accessKeyId: auth.accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
      };
    }
    case 'profile':
      // ignoreCache: the files are re-read when credentials are next needed, so an edited
      // profile takes effect without restarting Keyhole.
      return fromIni({ profile: auth.profile, clientConfig: stsClientConfig, ignoreCache: true });
    case 'default-chain':
      return fromNodeProviderChain({ clientConfig: stsClientConfig, ignoreCache: true });
  }
}

export function memoizeCredentials(provider: CredentialProvider, clock: Clock): MemoizedCredentials {
  let resolved: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const fresh = (c: Credentials) => c.expiration === undefined || c.expiration.getTime() - clock.now() > REFRESH_BEFORE_MS;
  const get = (async () => {
    if (resolved && fresh(resolved)) return resolved;
    pending ??= provider().finally(() => {
      pending = undefined;
    });
    resolved = await pending;
    return resolved;
  }) as MemoizedCredentials;
  get.current = () => resolved;
  return get;
}
