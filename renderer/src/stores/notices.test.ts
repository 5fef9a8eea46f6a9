import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INFO_SHOWN_MS, MAX_SHOWN, useNotices } from './notices';

const shown = () => useNotices.getState().notices;
const push = (...args: Parameters<ReturnType<typeof useNotices.getState>['push']>) => useNotices.getState().push(...args);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  for (const notice of shown()) useNotices.getState().dismiss(notice.id);
  vi.useRealTimers();
});

describe('notices', () => {
  it('lets info fade and keeps warnings and errors until dismissed', () => {
    push('info', 'Connection “A” added');
    push('warning', 'The token of A expires at 10:00 and cannot be renewed', 'CREDENTIAL_EXPIRING');
    push('error', 'Theme not saved');
    expect(shown().map((n) => n.level)).toEqual(['info', 'warning', 'error']);
    vi.advanceTimersByTime(INFO_SHOWN_MS);
    expect(shown().map((n) => n.level)).toEqual(['warning', 'error']);
    vi.advanceTimersByTime(60 * 60_000);
    expect(shown()).toHaveLength(2);
    const warning = shown()[0]!;
    expect(warning.code).toBe('CREDENTIAL_EXPIRING');
    useNotices.getState().dismiss(warning.id);
    expect(shown().map((n) => n.level)).toEqual(['error']);
  });

  it('counts a repeated notice instead of stacking it, matching by code when there is one', () => {
    push('warning', 'The token of A expires at 10:00', 'CREDENTIAL_EXPIRING');
    push('warning', 'The token of A expires at 10:01', 'CREDENTIAL_EXPIRING');
    push('info', 'Saved');
    push('info', 'Saved');
    expect(shown().map((n) => [n.message, n.count])).toEqual([
      ['The token of A expires at 10:01', 2],
      ['Saved', 2],
    ]);
    // A repeat restarts the fade.
    vi.advanceTimersByTime(INFO_SHOWN_MS - 1);
    push('info', 'Saved');
    vi.advanceTimersByTime(INFO_SHOWN_MS - 1);
    expect(shown().some((n) => n.message === 'Saved')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(shown().some((n) => n.message === 'Saved')).toBe(false);
  });

  it('drops the oldest info first past the cap, and then the oldest of any level', () => {
    push('error', 'e1');
    for (let i = 1; i <= MAX_SHOWN; i++) push('info', `i${i}`);
    expect(shown().map((n) => n.message)).toEqual(['e1', 'i2', 'i3', 'i4']);
    push('warning', 'w1');
    push('warning', 'w2');
    push('warning', 'w3');
    push('warning', 'w4');
    expect(shown().map((n) => n.message)).toEqual(['w1', 'w2', 'w3', 'w4']);
  });

  it('a dismissed info does not come back when its fade would have run', () => {
    push('info', 'Saved');
    useNotices.getState().dismiss(shown()[0]!.id);
    push('info', 'Other');
    vi.advanceTimersByTime(INFO_SHOWN_MS);
    expect(shown()).toEqual([]);
  });
});
