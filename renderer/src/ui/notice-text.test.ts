import { describe, expect, it } from 'vitest';
import { shortTime } from './format';
import { withLocalTimes } from './notice-text';

describe('withLocalTimes', () => {
  it('shows ISO instants from main in the short local form, and leaves other text alone', () => {
    const iso = '2026-11-23T03:52:14.355Z';
    expect(withLocalTimes(`The token of A expires at ${iso} and cannot be renewed.`)).toBe(
      `The token of A expires at ${shortTime(iso)} and cannot be renewed.`,
    );
    expect(withLocalTimes('Version 2026-11 of kv/app, at 10:00')).toBe('Version 2026-11 of kv/app, at 10:00');
    expect(withLocalTimes('from 2026-01-02T03:04:05+02:00 to 2026-01-02T05:00Z')).toBe(
      `from ${shortTime('2026-01-02T03:04:05+02:00')} to ${shortTime('2026-01-02T05:00Z')}`,
    );
  });
});
