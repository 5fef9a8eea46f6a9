import { KeyholeError } from '../../../../shared/errors';
import type { Clock } from '../ports';

interface Sleeper {
  due: number;
  resolve: () => void;
}

/** A clock that stands still until the test advances it; sleepers wake when their time comes. */
export class ManualClock implements Clock {
  private readonly sleepers = new Set<Sleeper>();

  constructor(private time = Date.now()) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new KeyholeError('CANCELLED'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.sleepers.delete(sleeper);
        reject(new KeyholeError('CANCELLED'));
      };
      const sleeper: Sleeper = {
        due: this.time + ms,
        resolve: () => {
          this.sleepers.delete(sleeper);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.add(sleeper);
      if (ms <= 0) sleeper.resolve();
    });
  }

  /** Moves time on and lets every due sleeper (and what it schedules) run. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const sleeper of [...this.sleepers]) if (sleeper.due <= this.time) sleeper.resolve();
    await settle();
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
