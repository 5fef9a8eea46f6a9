import { describe, expect, it } from 'vitest';
import type { SecretSummary } from '../../../../shared/domain';
import { ancestorsOf, buildTree, flattenTree, type TreeRow } from './tree';

const row = (name: string): SecretSummary => ({ name, metadataComplete: true });
const show = (rows: TreeRow[]) =>
  rows.map((r) => `${'  '.repeat(r.depth - 1)}${r.kind === 'folder' ? `${r.folder.label}/ (${r.folder.count})${r.expanded ? '' : ' +'}` : r.label}`);

describe('tree by path segment', () => {
  const items = ['payments/api/stripe', 'payments/api/redis', 'payments/worker/kafka', 'top-level', 'data/api/postgres'].map(row);

  it('groups by segment with counts; collapsed folders hide what is below', () => {
    const root = buildTree(items);
    expect(root.count).toBe(5);
    expect(show(flattenTree(root, new Set()))).toEqual(['data/ (1) +', 'payments/ (3) +', 'top-level']);
    expect(show(flattenTree(root, new Set(['payments', 'payments/api'])))).toEqual([
      'data/ (1) +',
      'payments/ (3)',
      '  api/ (2)',
      '    stripe',
      '    redis',
      '  worker/ (1) +',
      'top-level',
    ]);
  });

  it('keeps the list order for leaves and can reverse folders', () => {
    const rows = flattenTree(buildTree(items), new Set(), { expandAll: true, foldersDescending: true });
    expect(show(rows)).toEqual([
      'payments/ (3)',
      '  worker/ (1)',
      '    kafka',
      '  api/ (2)',
      '    stripe',
      '    redis',
      'data/ (1)',
      '  api/ (1)',
      '    postgres',
      'top-level',
    ]);
    const first = rows[0];
    expect(first?.kind === 'folder' && [first.position, first.setSize]).toEqual([1, 3]);
  });

  it('splits Azure names on their separator', () => {
    const root = buildTree([row('payments--api--stripe'), row('payments--api--redis')], '--');
    const rows = flattenTree(root, new Set(['payments', 'payments/api']), { separator: '--' });
    expect(show(rows)).toEqual(['payments/ (2)', '  api/ (2)', '    stripe', '    redis']);
    expect(ancestorsOf('payments--api--stripe', '--')).toEqual(['payments', 'payments/api']);
  });

  it('builds a 100,000-row tree (time reported, not asserted)', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => row(`team-${i % 8}/svc-${Math.floor(i / 80)}/kind-${i}`));
    const start = performance.now();
    const root = buildTree(many);
    const rows = flattenTree(root, new Set(['team-0']));
    const took = performance.now() - start;
    console.info(`tree of 100,000 names: ${took.toFixed(1)} ms`);
    expect(root.count).toBe(100_000);
    expect(rows.length).toBeGreaterThan(8);
  });
});
