import { describe, expect, it } from 'vitest';
import { clickRow, keepShown, NO_SELECTION } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('row selection', () => {
  it('toggles one row, then extends a range from it with shift', () => {
    let s = clickRow(NO_SELECTION, order, 'b', 'toggle');
    expect([...s.keys]).toEqual(['b']);
    s = clickRow(s, order, 'd', 'range');
    expect([...s.keys].sort()).toEqual(['b', 'c', 'd']);
    s = clickRow(s, order, 'c', 'toggle');
    expect([...s.keys].sort()).toEqual(['b', 'd']);
  });

  it('ranges upwards and without an anchor toggles', () => {
    expect([...clickRow({ keys: new Set(), anchor: 'e' }, order, 'c', 'range').keys].sort()).toEqual(['c', 'd', 'e']);
    expect([...clickRow(NO_SELECTION, order, 'c', 'range').keys]).toEqual(['c']);
  });

  it('plain click selects the row alone', () => {
    expect([...clickRow({ keys: new Set(['a', 'b']), anchor: 'a' }, order, 'e', 'only').keys]).toEqual(['e']);
  });

  it('drops rows no longer shown', () => {
    const s = keepShown({ keys: new Set(['a', 'z']), anchor: 'z' }, order);
    expect([...s.keys]).toEqual(['a']);
    expect(s.anchor).toBeNull();
  });
});
