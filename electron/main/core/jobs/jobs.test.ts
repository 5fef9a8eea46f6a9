import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../shared/errors';
import { silentLogger } from '../logger';
import { systemClock } from '../system-clock';
import type { Clock } from '../ports';
import { backoffDelay, DEFAULT_BACKOFF, withBackoff } from './backoff';
import { JobRegistry } from './job-registry';
import { Limiter } from './limiter';

/** Records requested sleeps and returns at once, so backoff tests take no time. */
function recordingClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => 0, sleep: async (ms) => void slept.push(ms) };
}

describe('Limiter', () => {
  it('never runs more than its bound at once', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('drops a waiting task when its signal fires', async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const second = limiter.run(async () => 'ran', controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    release();
    await first;
    expect(limiter.active).toBe(0);
  });
});

describe('withBackoff', () => {
  it('honours Retry-After and retries only throttling and unavailability', async () => {
    const clock = recordingClock();
    let calls = 0;
    const result = await withBackoff(async () => {
      calls += 1;
      if (calls === 1) throw new KeyholeError('THROTTLED', { retryAfterMs: 1500 });
      if (calls === 2) throw new KeyholeError('UNAVAILABLE');
      return 'ok';
    }, clock);
    expect(result).toBe('ok');
    expect(clock.slept[0]).toBe(1500);
    expect(clock.slept).toHaveLength(2);
    await expect(withBackoff(async () => Promise.reject(new KeyholeError('CONFLICT')), clock)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('gives up after its attempts with the last error', async () => {
    const clock = recordingClock();
    await expect(withBackoff(async () => Promise.reject(new KeyholeError('THROTTLED')), clock)).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(clock.slept).toHaveLength(DEFAULT_BACKOFF.maxAttempts - 1);
  });

  it('bounds the delay and caps Retry-After', () => {
    expect(backoffDelay(30, DEFAULT_BACKOFF, undefined, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelay(0, DEFAULT_BACKOFF, 10 * 60_000)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});

describe('JobRegistry', () => {
  it('emits progress and a final state, and cancels', async () => {
    const events: Array<{ state: string; done: number }> = [];
    const jobs = new JobRegistry((_event, payload) => events.push(payload as { state: string; done: number }), systemClock, silentLogger);
    const id = jobs.start('test', 'counting', async (job) => {
      for (let i = 1; i <= 3; i += 1) job.progress(i, 3);
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(events.at(-1)).toMatchObject({ state: 'done', done: 3 });
    const stuck = jobs.start('test', 'waiting', (job) => systemClock.sleep(60_000, job.signal));
    jobs.cancel(stuck);
    await new Promise((r) => setTimeout(r, 10));
    expect(jobs.list().find((job) => job.id === stuck)).toMatchObject({ state: 'cancelled', error: null });
    expect(jobs.list().find((job) => job.id === id)).toMatchObject({ state: 'done' });
  });

  it('reports a failure by code only', async () => {
    const jobs = new JobRegistry(() => undefined, systemClock, silentLogger);
    const id = jobs.start('test', 'failing', async () => {
      throw new Error('token=abc');
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(jobs.list().find((job) => job.id === id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
  });
});
