import type { DiffRow } from '../../../../shared/ipc/channels/diff';

export type DiffFilter = 'all' | 'changed' | DiffRow['status'] | 'metadata';
export type DiffSort = 'name' | 'status';

const ORDER: Record<DiffRow['status'], number> = { different: 0, unreadable: 1, 'only-a': 2, 'only-b': 3, same: 4 };

/** Rows the table shows: filtered by status and name, sorted by name or status. */
export function visibleRows(rows: readonly DiffRow[], filter: DiffFilter, query: string, sort: DiffSort): DiffRow[] {
  const q = query.trim().toLowerCase();
  const out = rows.filter((row) => {
    if (q !== '' && !row.name.toLowerCase().includes(q)) return false;
    if (filter === 'all') return true;
    if (filter === 'changed') return row.status !== 'same' || row.metadata.length > 0;
    if (filter === 'metadata') return row.metadata.length > 0;
    return row.status === filter;
  });
  if (sort === 'status') return out.sort((x, y) => ORDER[x.status] - ORDER[y.status] || (x.name < y.name ? -1 : 1));
  return out;
}
