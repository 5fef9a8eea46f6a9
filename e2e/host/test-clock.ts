import { KeyholeError } from '../../shared/errors';
import type { Clock } from '../../electron/main/core/ports';

interface Sleeper {
  due: number;
  resolve: () => void;
}

/**
 * Real time plus an offset that only the host can advance (never the contract, never the
 * Electron build): specs use it to expire step-up grants and clear clipboards without waiting.
 */
export class TestClock implements Clock {
  private offset = 0;
  private readonly sleepers = new Set<Sleeper>();

  now(): number {
    return Date.now() + this.offset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new KeyholeError('CANCELLED'));
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        due: this.now() + ms,
        resolve: () => {
          clearTimeout(timer);
          this.sleepers.delete(sleeper);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const timer = setTimeout(sleeper.resolve, ms);
      const onAbort = () => {
        clearTimeout(timer);
        this.sleepers.delete(sleeper);
        reject(new KeyholeError('CANCELLED'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.add(sleeper);
    });
  }

  advance(ms: number): void {
    this.offset += ms;
    const now = this.now();
    for (const sleeper of [...this.sleepers]) if (sleeper.due <= now) sleeper.resolve();
  }
}
