import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../shared/errors';
import { Limiter } from '../jobs/limiter';
import type { Clock } from '../ports';
import { guardProvider } from './guarded-provider';
import type { Provider } from './provider';

const instantClock: Clock = { now: () => 0, sleep: async () => undefined };

/** A provider whose reads and writes fail a set number of times first: the unit under test is the guard. */
function flakyProviderStandIn(failures: number, code: 'THROTTLED' | 'CONFLICT' = 'THROTTLED') {
  let calls = 0;
  let active = 0;
  let peak = 0;
  const fail = async <T>(value: T): Promise<T> => {
    calls += 1;
    active += 1;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 1));
    active -= 1;
    if (calls <= failures) throw new KeyholeError(code, { retryAfterMs: 1 });
    return value;
  };
  const provider = {
    kind: 'vault',
    metadata: () => fail({ name: 'a', providerId: 'a', metadataComplete: true }),
    write: () => fail({ version: '2' }),
    close: async () => undefined,
  } as unknown as Provider;
  return { provider, calls: () => calls, peak: () => peak };
}

describe('guardProvider', () => {
  it('retries reads through throttling', async () => {
    const stand = flakyProviderStandIn(2);
    const guarded = guardProvider(stand.provider, new Limiter(4), instantClock);
    await expect(guarded.metadata('a')).resolves.toMatchObject({ name: 'a' });
    expect(stand.calls()).toBe(3);
  });

  it('never retries a write, and never retries a conflict', async () => {
    const throttled = flakyProviderStandIn(1);
    await expect(
      guardProvider(throttled.provider, new Limiter(4), instantClock).write('a', { value: { kind: 'string', value: 'v' }, expectedVersion: '1' }),
    ).rejects.toMatchObject({
      code: 'THROTTLED',
    });
    expect(throttled.calls()).toBe(1);
    const conflicting = flakyProviderStandIn(1, 'CONFLICT');
    await expect(guardProvider(conflicting.provider, new Limiter(4), instantClock).metadata('a')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(conflicting.calls()).toBe(1);
  });

  it('bounds concurrent calls per connection', async () => {
    const stand = flakyProviderStandIn(0);
    const guarded = guardProvider(stand.provider, new Limiter(3), instantClock);
    await Promise.all(Array.from({ length: 20 }, () => guarded.metadata('a')));
    expect(stand.peak()).toBe(3);
  });

  it('stops waiting when the call is cancelled', async () => {
    const stand = flakyProviderStandIn(0);
    const controller = new AbortController();
    controller.abort();
    await expect(guardProvider(stand.provider, new Limiter(1), instantClock).metadata('a', { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(stand.calls()).toBe(0);
  });
});
