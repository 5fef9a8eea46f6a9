import { describe, expect, it } from 'vitest';
import { walkFolders } from './list-walk';

const tree: Record<string, string[]> = {
  '': ['a/', 'b/', 'top'],
  'a/': ['x', 'y', 'deeper/'],
  'a/deeper/': ['z'],
  'b/': Array.from({ length: 7 }, (_, i) => `k${i}`),
};

describe('walkFolders', () => {
  it('yields every key relative to the root, in pages no larger than asked', async () => {
    const pages: string[][] = [];
    for await (const page of walkFolders(async (folder) => tree[folder], { concurrency: 2, pageSize: 4 })) pages.push(page);
    expect(pages.flat().sort()).toEqual(['a/deeper/z', 'a/x', 'a/y', 'b/k0', 'b/k1', 'b/k2', 'b/k3', 'b/k4', 'b/k5', 'b/k6', 'top']);
    expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(4);
  });

  it('never lists more folders at once than its concurrency', async () => {
    const wide: Record<string, string[]> = { '': Array.from({ length: 40 }, (_, i) => `f${i}/`) };
    let active = 0;
    let peak = 0;
    const list = async (folder: string) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active -= 1;
      return wide[folder] ?? ['leaf'];
    };
    let count = 0;
    for await (const page of walkFolders(list, { concurrency: 5, pageSize: 100 })) count += page.length;
    expect(count).toBe(40);
    expect(peak).toBe(5);
  });

  it('treats a vanished folder as empty and stops at the first failure', async () => {
    const names: string[] = [];
    for await (const page of walkFolders(async (folder) => (folder === '' ? ['gone/', 'kept'] : undefined), { concurrency: 4, pageSize: 10 }))
      names.push(...page);
    expect(names).toEqual(['kept']);
    const failing = walkFolders(
      async (folder) => {
        if (folder === 'bad/') throw new Error('boom');
        return ['bad/', 'ok/'];
      },
      { concurrency: 4, pageSize: 10 },
    );
    await expect(
      (async () => {
        for await (const _page of failing) void _page;
      })(),
    ).rejects.toThrow('boom');
  });
});
