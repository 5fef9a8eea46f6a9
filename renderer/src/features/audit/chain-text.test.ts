import { describe, expect, it } from 'vitest';
import { problemText, reportSummary } from './chain-text';

describe('chain text', () => {
  it('summarises an intact chain and a broken one', () => {
    const base = { events: 1200, firstSeq: 1, lastSeq: 1200, anchor: null, problem: null };
    expect(reportSummary({ ...base, ok: true })).toBe(`Chain intact (${(1200).toLocaleString()} events, 1–1200)`);
    expect(reportSummary({ ...base, ok: false, anchor: { throughSeq: 40, throughHash: 'h', prunedAt: 't' } })).toMatch(
      /^Chain broken \(checked .*after 40 removed/,
    );
    expect(reportSummary({ ...base, events: 0, ok: true })).toBe('Chain intact (no events)');
  });

  it('names the first broken link', () => {
    expect(problemText({ kind: 'edited', seq: 7 })).toContain('Event 7');
    expect(problemText({ kind: 'gap', seq: 9, expected: 8 })).toContain('Event 8 is missing');
    expect(problemText({ kind: 'truncated-or-rolled-back', keychainSeq: 10, fileSeq: 8 })).toContain('cut short');
  });
});
