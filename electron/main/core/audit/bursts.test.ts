import { describe, expect, it } from 'vitest';
import { findBursts } from './bursts';

const MIN = 60_000;
const at = (...minutes: number[]) => minutes.map((m, i) => ({ seq: i + 1, timeMs: m * MIN }));

describe('failure bursts', () => {
  it('needs the threshold within the window', () => {
    expect(findBursts(at(0, 5, 10), 3, 10 * MIN)).toEqual([[0, 2]]);
    expect(findBursts(at(0, 5, 10.5), 3, 10 * MIN)).toEqual([]);
    expect(findBursts(at(0, 1), 3, 10 * MIN)).toEqual([]);
  });

  it('merges overlapping windows and keeps separate bursts apart', () => {
    expect(findBursts(at(0, 4, 8, 12, 16), 3, 10 * MIN)).toEqual([[0, 4]]);
    expect(findBursts(at(0, 1, 2, 30, 31, 32, 60), 3, 10 * MIN)).toEqual([
      [0, 2],
      [3, 5],
    ]);
  });

  it('flags every member of a qualifying window, including the earliest', () => {
    expect(findBursts(at(0, 20, 21, 22, 50), 3, 10 * MIN)).toEqual([[1, 3]]);
  });
});
