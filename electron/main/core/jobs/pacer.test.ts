import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

describe('Pacer', () => {
  it('lets a full bucket through at once, then spaces calls to the rate', async () => {
    const pacer = new Pacer(50);
    const started = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => pacer.take()));
    expect(performance.now() - started).toBeLessThan(100);
    const times: number[] = [];
    await Promise.all(Array.from({ length: 10 }, () => pacer.take().then(() => times.push(performance.now() - started))));
    // Ten more tokens at 50/s take about 200 ms to refill.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(180);
  });

  it('never lets more through in a window than the bucket and its refill allow', async () => {
    let now = 0;
    const pacer = new Pacer(10, () => now);
    for (let i = 0; i < 10; i += 1) await pacer.take();
    let passed = false;
    const next = pacer.take().then(() => (passed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passed).toBe(false);
    now += 100;
    await next;
    expect(passed).toBe(true);
  });

  it('answers CANCELLED to a caller that gives up, and the next caller still goes', async () => {
    const pacer = new Pacer(20);
    for (let i = 0; i < 20; i += 1) await pacer.take();
    const controller = new AbortController();
    const waiting = pacer.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(pacer.take()).resolves.toBeUndefined();
  });
});
