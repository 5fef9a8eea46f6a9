import { describe, expect, it } from 'vitest';
import { charDiff } from './char-diff';
import { visibleRows } from './rows';

describe('charDiff', () => {
  it('marks the characters that changed and keeps the rest', () => {
    expect(charDiff('pass-1234', 'pass-1299')).toEqual([
      { op: 'same', text: 'pass-12' },
      { op: 'del', text: '34' },
      { op: 'add', text: '99' },
    ]);
    expect(charDiff('', 'new')).toEqual([{ op: 'add', text: 'new' }]);
    expect(charDiff('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
  });

  it('reassembles both sides', () => {
    const a = 'rediss://cache.internal:6380/x';
    const b = 'rediss://cache-2.internal:6381/';
    const runs = charDiff(a, b);
    expect(
      runs
        .filter((r) => r.op !== 'add')
        .map((r) => r.text)
        .join(''),
    ).toBe(a);
    expect(
      runs
        .filter((r) => r.op !== 'del')
        .map((r) => r.text)
        .join(''),
    ).toBe(b);
  });
});

describe('visibleRows', () => {
  const row = (name: string, status: 'same' | 'different' | 'only-a', metadata = 0) => ({
    name,
    status,
    aName: name,
    bName: name,
    fields: [],
    unreadable: [],
    metadata: Array.from({ length: metadata }, () => ({ key: 'tag:owner', a: 'x', b: 'y' })),
    aVersion: '1',
    bVersion: '1',
  });
  const rows = [row('b/x', 'same', 1), row('a/y', 'different'), row('c/z', 'only-a'), row('d/w', 'same')];
  it('filters by status, metadata and name, sorts by status', () => {
    expect(visibleRows(rows, 'changed', '', 'name').map((r) => r.name)).toEqual(['b/x', 'a/y', 'c/z']);
    expect(visibleRows(rows, 'metadata', '', 'name').map((r) => r.name)).toEqual(['b/x']);
    expect(visibleRows(rows, 'all', 'y', 'name').map((r) => r.name)).toEqual(['a/y']);
    expect(visibleRows(rows, 'all', '', 'status').map((r) => r.name)).toEqual(['a/y', 'c/z', 'b/x', 'd/w']);
  });
});
