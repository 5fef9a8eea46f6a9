import { KeyholeError } from '../../../shared/errors';
import type { Clock } from './ports';

/** Wall-clock time; lives in core because it needs nothing from Electron. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new KeyholeError('CANCELLED'));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new KeyholeError('CANCELLED'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
