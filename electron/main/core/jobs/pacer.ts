import { KeyholeError } from '../../../../shared/errors';

/**
 * Spaces calls to a documented rate: a token bucket (full at first, as the provider's) that makes a
 * caller wait for the next token instead of sending a call the provider would throttle. For quotas
 * answered without Retry-After (AWS), where backing off blind overshoots the bucket's refill.
 * Real time, not the core clock: the provider's bucket refills in real time.
 */
export class Pacer {
  private tokens: number;
  private updatedAt: number;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be > 0');
    this.tokens = perSecond;
    this.updatedAt = now();
  }

  /** Resolves when this call may go; callers go in the order they asked. */
  take(signal?: AbortSignal): Promise<void> {
    const mine = this.turn.then(() => this.next(signal));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async next(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new KeyholeError('CANCELLED');
    this.refill();
    while (this.tokens < 1) {
      await wait(((1 - this.tokens) / this.perSecond) * 1000, signal);
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
  }
}

/** One pacer per key (a provider operation's quota), created at its rate on first use. */
export class Pacers {
  private readonly pacers = new Map<string, Pacer>();

  get(key: string, perSecond: number): Pacer {
    let pacer = this.pacers.get(key);
    if (pacer === undefined) {
      pacer = new Pacer(perSecond);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new KeyholeError('CANCELLED'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.ceil(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
