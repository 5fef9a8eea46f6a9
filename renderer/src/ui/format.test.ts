import { describe, expect, it } from 'vitest';
import { plural, relativeTime, shortTime } from './format';

describe('format', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('gives relative times at the right granularity', () => {
    expect(relativeTime('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-03-10T11:15:00Z', now)).toBe('45m ago');
    expect(relativeTime('2026-03-09T12:00:00Z', now)).toBe('24h ago');
    expect(relativeTime('2026-03-01T12:00:00Z', now)).toBe('9d ago');
    expect(relativeTime(undefined, now)).toBe('—');
  });
  it('formats a short time and plurals', () => {
    expect(shortTime('not a date')).toBe('not a date');
    expect(shortTime(null)).toBe('—');
    expect(plural(1, 'secret')).toBe('1 secret');
    expect(plural(12000, 'secret')).toBe('12,000 secrets');
  });
});
