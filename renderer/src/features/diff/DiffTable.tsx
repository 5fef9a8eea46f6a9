import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { DiffRow } from '../../../../shared/ipc/channels/diff';
import { useDiff } from '../../stores/diff';
import { Badge } from '../../ui/Badge';
import { fieldsSummary, STATUS_TONES, statusLabel, type SideNames } from './labels';

const ROW_HEIGHT = 30;

/** The diff's rows, virtualised: a checkbox to promote, the name, its status and what differs. */
export function DiffTable({ rows, names }: { rows: DiffRow[]; names: SideNames }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selected = useDiff((s) => s.selected);
  const focused = useDiff((s) => s.focused);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back a mutable instance; this component is simply not auto-memoised
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.name));
  return (
    <div className="diff-table" role="table" aria-label="Differences" aria-rowcount={rows.length + 1}>
      <div className="diff-row diff-row-head" role="row">
        <span role="columnheader">
          <input
            type="checkbox"
            aria-label="Select all shown"
            checked={allSelected}
            onChange={(event) =>
              useDiff.getState().selectAll(
                rows.map((r) => r.name),
                event.target.checked,
              )
            }
          />
        </span>
        <span role="columnheader">Name</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">Fields</span>
        <span role="columnheader">Metadata</span>
      </div>
      <div className="diff-table-body" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as DiffRow;
            return (
              <div
                key={row.name}
                role="row"
                aria-selected={focused === row.name}
                data-testid="diff-row"
                data-name={row.name}
                data-status={row.status}
                className={`diff-row${focused === row.name ? ' diff-row-focused' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => useDiff.getState().focus(row.name)}
              >
                <span role="cell" onClick={(event) => event.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.name}`}
                    checked={selected.has(row.name)}
                    onChange={() => useDiff.getState().toggle(row.name)}
                  />
                </span>
                <span
                  role="cell"
                  className="mono diff-name"
                  title={row.bName !== null && row.aName !== null && row.bName !== row.aName ? `${row.aName} → ${row.bName}` : row.name}
                >
                  {row.name}
                </span>
                <span role="cell">
                  <Badge tone={STATUS_TONES[row.status]}>{statusLabel(row.status, names)}</Badge>
                </span>
                <span role="cell" className="muted diff-fields">
                  {fieldsSummary(row, names)}
                </span>
                <span role="cell" className="muted diff-fields">
                  {row.metadata.map((m) => m.key.replace(/^tag:/, '')).join(', ')}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
