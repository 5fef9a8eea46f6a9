/**
 * Token buckets keyed by operation, for the providers' documented request rates (PROVIDERS.md):
 * a request that finds its bucket empty is answered with the provider's throttling error.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    /** Requests per second, per key. */
    private readonly rates: Record<string, number>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; false when the bucket is empty. Unknown keys are unlimited. */
  take(key: string, rateKey: string = key): boolean {
    const rate = this.rates[rateKey];
    if (rate === undefined) return true;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate, updatedAt: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Milliseconds until `key` has a token again. */
  retryAfterMs(key: string, rateKey: string = key): number {
    const rate = this.rates[rateKey];
    const bucket = this.buckets.get(key);
    if (rate === undefined || !bucket) return 0;
    return Math.max(0, Math.ceil(((1 - bucket.tokens) / rate) * 1000));
  }
}
