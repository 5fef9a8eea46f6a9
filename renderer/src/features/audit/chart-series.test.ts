import { describe, expect, it } from 'vitest';
import { chartSeries } from './chart-series';

describe('chartSeries', () => {
  it('stacks the top five actions and sums the rest as other', () => {
    const actions = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((action, i) => ({ action, count: 10 - i }));
    const series = chartSeries({
      from: 't0',
      to: 't2',
      bucketMs: 1000,
      total: 20,
      actions,
      buckets: [
        { start: 't0', total: 12, counts: { a: 5, b: 2, f: 3, g: 2 } },
        { start: 't1', total: 0, counts: {} },
      ],
    });
    expect(series.names).toEqual(['a', 'b', 'c', 'd', 'e', 'other']);
    expect(series.bars[0]!.counts).toEqual([5, 2, 0, 0, 0, 5]);
    expect(series.bars[1]!.counts).toEqual([0, 0, 0, 0, 0, 0]);
    expect(series.max).toBe(12);
  });

  it('has no other series when there are few actions', () => {
    const series = chartSeries({ from: 't', to: 't', bucketMs: 1, total: 0, actions: [{ action: 'x', count: 0 }], buckets: [] });
    expect(series.names).toEqual(['x']);
    expect(series.max).toBe(1);
  });
});
