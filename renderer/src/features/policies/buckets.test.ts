import { describe, expect, it } from 'vitest';
import { bucketCounts, bucketLabel, bucketOf } from './buckets';

const DAY = 86_400_000;
const now = Date.parse('2026-06-01T12:00:00Z');
const at = (days: number) => new Date(now + days * DAY).toISOString();

describe('due buckets', () => {
  it('splits overdue by thirty days and the rest by days until due', () => {
    expect(bucketOf({ dueAt: at(-31), state: 'overdue' }, now)).toBe('overdue-long');
    expect(bucketOf({ dueAt: at(-30), state: 'overdue' }, now)).toBe('overdue');
    expect(bucketOf({ dueAt: at(-0.01), state: 'overdue' }, now)).toBe('overdue');
    expect(bucketOf({ dueAt: at(0.5), state: 'due-soon' }, now)).toBe('due-7');
    expect(bucketOf({ dueAt: at(7), state: 'due-soon' }, now)).toBe('due-7');
    expect(bucketOf({ dueAt: at(7.5), state: 'due-soon' }, now)).toBe('due-14');
    expect(bucketOf({ dueAt: at(20), state: 'ok' }, now)).toBe('due-30');
    expect(bucketOf({ dueAt: at(45), state: 'ok' }, now)).toBe('due-60');
    expect(bucketOf({ dueAt: at(90), state: 'ok' }, now)).toBe('due-90');
    expect(bucketOf({ dueAt: at(91), state: 'ok' }, now)).toBe('later');
  });

  it('follows main when it says overdue, and a past date is never "due"', () => {
    expect(bucketOf({ dueAt: at(0.1), state: 'overdue' }, now)).toBe('overdue');
    expect(bucketOf({ dueAt: at(-2), state: 'ok' }, now)).toBe('overdue');
  });

  it('counts every item once and names each bar', () => {
    const counts = bucketCounts(
      [
        { dueAt: at(-100), state: 'overdue' },
        { dueAt: at(-99), state: 'overdue' },
        { dueAt: at(3), state: 'due-soon' },
      ],
      now,
    );
    expect(counts['overdue-long']).toBe(2);
    expect(counts['due-7']).toBe(1);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(bucketLabel('overdue-long', 12)).toBe('Overdue by more than 30 days: 12 secrets');
    expect(bucketLabel('due-7', 1)).toBe('Due within 7 days: 1 secret');
  });
});
