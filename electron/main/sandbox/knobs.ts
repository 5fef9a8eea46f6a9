/**
 * Fault and latency knobs every sandbox server honours, so tests and benchmarks can reproduce
 * a slow link, a flaky provider, throttling and dropped connections on loopback.
 */
export interface SandboxKnobs {
  /** Added to every response. */
  latencyMs: number;
  /** Fraction (0..1) of requests answered with the provider's 5xx. */
  errorRate: number;
  /** Fraction of requests answered with the provider's throttling answer. */
  throttleRate: number;
  /** Fraction of requests whose socket is destroyed without an answer. */
  dropRate: number;
  /** Enforce the provider's documented per-operation rate limits. */
  enforceRateLimits: boolean;
}

export const DEFAULT_KNOBS: SandboxKnobs = { latencyMs: 0, errorRate: 0, throttleRate: 0, dropRate: 0, enforceRateLimits: false };

export type Fault = 'none' | 'drop' | 'throttle' | 'error';

/** Decides the fault (if any) for one request; `random` is injectable for deterministic tests. */
export function rollFault(knobs: SandboxKnobs, random: () => number = Math.random): Fault {
  if (knobs.dropRate > 0 && random() < knobs.dropRate) return 'drop';
  if (knobs.throttleRate > 0 && random() < knobs.throttleRate) return 'throttle';
  if (knobs.errorRate > 0 && random() < knobs.errorRate) return 'error';
  return 'none';
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
