import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../shared/errors';
import type { Clock } from '../ports';

export interface BackoffPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** Codes worth another attempt: throttling and transient unavailability. */
  retryOn: readonly ErrorCode[];
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxAttempts: 6,
  baseMs: 100,
  maxMs: 20_000,
  retryOn: ['THROTTLED', 'UNAVAILABLE', 'TIMEOUT'],
};

/** Full-jitter exponential delay, or the provider's Retry-After when it sent one. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.maxMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/**
 * Runs `task` until it succeeds, fails with a code not worth retrying, runs out of attempts, or
 * the signal fires. Only idempotent tasks (reads, writes with a precondition or a request token)
 * may be wrapped: a retried write must not be applied twice.
 */
export async function withBackoff<T>(
  task: (attempt: number) => Promise<T>,
  clock: Clock,
  options: { signal?: AbortSignal; policy?: BackoffPolicy; onRetry?: (attempt: number, delayMs: number, code: ErrorCode) => void } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_BACKOFF;
  for (let attempt = 0; ; attempt += 1) {
    if (options.signal?.aborted) throw new KeyholeError('CANCELLED');
    try {
      return await task(attempt);
    } catch (error) {
      const retryable = isKeyholeError(error) && policy.retryOn.includes(error.code);
      if (!retryable || attempt + 1 >= policy.maxAttempts) throw error;
      const delay = backoffDelay(attempt, policy, error.retryAfterMs);
      options.onRetry?.(attempt + 1, delay, error.code);
      await clock.sleep(delay, options.signal);
    }
  }
}
