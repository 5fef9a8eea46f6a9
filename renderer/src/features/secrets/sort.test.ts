import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SecretSummary } from '../../../../shared/domain';
import { comparator, isKnown, nextSort, sortItems, SortedView, type SortSpec } from './sort';

const row = (name: string, extra: Partial<SecretSummary> = {}): SecretSummary => ({ name, metadataComplete: true, ...extra });
const names = (items: readonly SecretSummary[]) => items.map((item) => item.name);

describe('sortItems', () => {
  const items = [
    row('b', { updatedAt: '2026-01-02T00:00:00Z', versionCount: 2, expiresAt: '2026-09-01T00:00:00Z' }),
    row('a', { updatedAt: '2026-01-03T00:00:00Z', versionCount: 5 }),
    { name: 'c', metadataComplete: false },
    row('d', { updatedAt: '2026-01-01T00:00:00Z', versionCount: 2, expiresAt: '2026-03-01T00:00:00Z' }),
  ];

  it('sorts names by code unit, both ways', () => {
    expect(names(sortItems(items, { key: 'name', direction: 'asc' }))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(sortItems(items, { key: 'name', direction: 'desc' }))).toEqual(['d', 'c', 'b', 'a']);
    expect(names(sortItems([row('b'), row('B'), row('a')], { key: 'name', direction: 'asc' }))).toEqual(['B', 'a', 'b']);
  });

  it('puts unknown values last in both directions and breaks ties by name', () => {
    expect(names(sortItems(items, { key: 'updated', direction: 'desc' }))).toEqual(['a', 'b', 'd', 'c']);
    expect(names(sortItems(items, { key: 'updated', direction: 'asc' }))).toEqual(['d', 'b', 'a', 'c']);
    expect(names(sortItems(items, { key: 'versions', direction: 'desc' }))).toEqual(['a', 'b', 'd', 'c']);
    expect(names(sortItems(items, { key: 'versions', direction: 'asc' }))).toEqual(['b', 'd', 'a', 'c']);
    // No expiry (a known "none") and not known yet both sort after every date.
    expect(names(sortItems(items, { key: 'expires', direction: 'asc' }))).toEqual(['d', 'b', 'a', 'c']);
  });

  it('knows what a names-only row lacks', () => {
    const namesOnly: SecretSummary = { name: 'x', metadataComplete: false };
    expect(isKnown(namesOnly, 'name')).toBe(true);
    expect(isKnown(namesOnly, 'updated')).toBe(false);
    expect(isKnown(namesOnly, 'expires')).toBe(false);
    expect(isKnown(row('x'), 'expires')).toBe(true);
  });

  it('flips the sorted column and starts another in its own direction', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'updated')).toEqual({ key: 'updated', direction: 'desc' });
    expect(nextSort({ key: 'updated', direction: 'desc' }, 'expires')).toEqual({ key: 'expires', direction: 'asc' });
  });

  it('agrees with its comparator for any rows', () => {
    const arbitraryRow = fc.record({
      name: fc.string({ maxLength: 6 }),
      updatedAt: fc.option(
        fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(t).toISOString()),
        { nil: undefined },
      ),
      versionCount: fc.option(fc.nat(9), { nil: undefined }),
    });
    const spec = fc.record({
      key: fc.constantFrom('name', 'updated', 'versions', 'expires'),
      direction: fc.constantFrom('asc', 'desc'),
    }) as fc.Arbitrary<SortSpec>;
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 40 }), spec, (raw, sortSpec) => {
        const items = raw.map((r) => {
          const item: SecretSummary = { name: r.name, metadataComplete: true };
          if (r.updatedAt !== undefined) item.updatedAt = r.updatedAt;
          if (r.versionCount !== undefined) item.versionCount = r.versionCount;
          return item;
        });
        const sorted = sortItems(items, sortSpec);
        const compare = comparator(sortSpec);
        for (let i = 1; i < sorted.length; i += 1) expect(compare(sorted[i - 1] as SecretSummary, sorted[i] as SecretSummary)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('SortedView', () => {
  it('stays sorted as pages are appended, merging each page in', () => {
    const items: SecretSummary[] = [];
    const view = new SortedView({ key: 'name', direction: 'asc' });
    items.push(row('m'), row('c'));
    expect(names(view.sync(items, 0))).toEqual(['c', 'm']);
    items.push(row('a'), row('z'), row('d'));
    expect(names(view.sync(items, 0))).toEqual(['a', 'c', 'd', 'm', 'z']);
  });

  it('sorts afresh when keys were filled in or the list was replaced', () => {
    const items: SecretSummary[] = [{ name: 'a', metadataComplete: false }, row('b', { updatedAt: '2026-01-01T00:00:00Z' })];
    const view = new SortedView({ key: 'updated', direction: 'desc' });
    expect(names(view.sync(items, 0))).toEqual(['b', 'a']);
    Object.assign(items[0] as SecretSummary, { updatedAt: '2026-02-01T00:00:00Z', metadataComplete: true });
    expect(names(view.sync(items, 0))).toEqual(['b', 'a']);
    expect(names(view.sync(items, 1))).toEqual(['a', 'b']);
    expect(names(view.sync([row('x')], 1))).toEqual(['x']);
  });

  it('sorts 100,000 rows and merges a page into them (times reported, not asserted)', () => {
    const items = Array.from({ length: 100_000 }, (_, i) =>
      row(`team-${i % 8}/svc-${(i * 7919) % 1250}/k-${i}`, { updatedAt: new Date(1.7e12 + ((i * 104729) % 1e9)).toISOString() }),
    );
    const view = new SortedView({ key: 'updated', direction: 'desc' });
    let start = performance.now();
    view.sync(items, 0);
    const full = performance.now() - start;
    items.push(...Array.from({ length: 100 }, (_, i) => row(`late/${i}`, { updatedAt: new Date(1.7e12 + i).toISOString() })));
    start = performance.now();
    const sorted = view.sync(items, 0);
    const merged = performance.now() - start;
    console.info(`sort 100,000 by last change: ${full.toFixed(1)} ms; merge a page of 100: ${merged.toFixed(1)} ms`);
    expect(sorted).toHaveLength(100_100);
    const times = sorted.map((r) => r.updatedAt ?? '');
    expect(times.every((t, i) => i === 0 || (times[i - 1] ?? '') >= t)).toBe(true);
  });
});
