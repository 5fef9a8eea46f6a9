import { memo } from 'react';
import { useSecrets } from '../../stores/secrets';
import { SORT_LABELS, type SortKey, type SortSpec } from './sort';

const COLUMNS: Array<{ key: SortKey; label: string; className?: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'updated', label: 'Last change' },
  { key: 'versions', label: 'Versions', className: 'cell-versions' },
  { key: 'expires', label: 'Expires' },
];

function Arrow({ direction }: { direction: 'asc' | 'desc' | null }) {
  return (
    <svg className="sort-arrow" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      {direction === 'asc' && <path d="M5 2 8.5 7h-7z" fill="currentColor" />}
      {direction === 'desc' && <path d="M5 8 1.5 3h7z" fill="currentColor" />}
    </svg>
  );
}

/** Column headers; the sortable ones are buttons, and the sorted one says so with aria-sort. */
export const SortHeader = memo(function SortHeader({ sort }: { sort: SortSpec }) {
  const sortBy = useSecrets((s) => s.sortBy);
  return (
    <div role="row" aria-rowindex={1} className="grid-row grid-header">
      {COLUMNS.map((column) => {
        const sorted = sort.key === column.key;
        return (
          <span
            key={column.key}
            role="columnheader"
            className={column.className}
            aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
          >
            <button type="button" className="sort-button" onClick={() => sortBy(column.key)} title={`Sort by ${SORT_LABELS[column.key]}`}>
              {column.label}
              <Arrow direction={sorted ? sort.direction : null} />
            </button>
          </span>
        );
      })}
      <span role="columnheader">Tags</span>
    </div>
  );
});
