import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';

/**
 * The SDK's own retries are off, so that throttling, 5xx and network failures reach Keyhole's
 * jobs layer (core/jobs/backoff.ts) as THROTTLED / UNAVAILABLE / TIMEOUT: one policy, one place,
 * honouring cancellation, instead of the SDK's 3 attempts multiplied by ours. The one retry kept
 * is the SDK's immediate resend after it corrected its clock from the server's Date header
 * (a skewed local clock otherwise fails the first request of every client with a signature error).
 */
type RetryStrategy = NonNullable<SecretsManagerClientConfig['retryStrategy']>;

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

interface RetryErrorInfo {
  error?: { $metadata?: { clockSkewCorrected?: boolean } };
}

const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });

export const clockSkewRetryOnly: RetryStrategy = {
  acquireInitialRetryToken: async () => token(0),
  refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
    if (previous.getRetryCount() === 0 && info.error?.$metadata?.clockSkewCorrected === true) return token(1);
    // The middleware rethrows the original error when no retry is granted.
    throw new Error('no retry');
  },
  recordSuccess: () => undefined,
};

/** Attempts the SDK may make for one call (the clock-skew resend included). */
export const SDK_MAX_ATTEMPTS = 2;
