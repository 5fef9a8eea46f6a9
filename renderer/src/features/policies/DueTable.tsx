import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DueItem } from '../../../../shared/ipc/channels/policies';
import { useConnections } from '../../stores/connections';
import { rowKey, usePolicies } from '../../stores/policies';
import { Badge } from '../../ui/Badge';
import { shortTime } from '../../ui/format';
import { openSecretFromPolicies, policyTargetForSecret } from './open';
import { daysBetween } from './buckets';
import { environmentLabel, intervalText, LAST_FROM_LABELS, SOURCE_LABELS, STATE_LABELS, STATE_TONES } from './labels';
import { clickRow } from './selection';
import { SpacerRow } from '../../ui/SpacerRow';

const ROW_HEIGHT = 28;
const COLUMNS = 9;

function dueText(days: number): string {
  if (days < 0) return `${-days} d late`;
  if (days === 0) return 'today';
  return `in ${days} d`;
}

/** The table's Interval column: "90 d", or an AWS schedule expression, or "expiry". */
function intervalCell(item: DueItem): string {
  if (item.intervalDays !== undefined) return `${item.intervalDays} d`;
  return item.schedule ?? (item.source === 'azure-expiry' ? 'expiry' : '—');
}

function SortHeader({ label, column }: { label: string; column: 'due' | 'name' }) {
  const sort = usePolicies((s) => s.sort);
  const sortBy = usePolicies((s) => s.sortBy);
  const current = sort.key === column;
  return (
    <th scope="col" aria-sort={current ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => sortBy(column)}>
        {label}
        <span aria-hidden="true">{current ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/**
 * Every secret under a policy, virtualised (spacer rows keep the table's semantics). Rows are
 * selectable with their checkbox, a click (Ctrl/Cmd to add, Shift for a range) or Space on the
 * focused row; arrows move between rows and Enter opens the secret.
 */
export function DueTable({ rows, computedAt, caption }: { rows: readonly DueItem[]; computedAt: number; caption: string }) {
  const selection = usePolicies((s) => s.selection);
  const setSelection = usePolicies((s) => s.setSelection);
  const environments = useConnections((s) => s.environments);
  const connections = useConnections((s) => s.connections);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  /** Set by the arrow keys: focus the row once the virtualiser has rendered it. */
  const focusWanted = useRef(false);
  const order = useMemo(() => rows.map(rowKey), [rows]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back a mutable instance; this component is simply not auto-memoised
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const focusAt = Math.min(focusIndex, Math.max(0, rows.length - 1));

  useEffect(() => {
    if (!focusWanted.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${focusAt}"]`);
    if (row) {
      row.focus();
      focusWanted.current = false;
    }
  });

  const pick = (key: string, mode: 'toggle' | 'range' | 'only') => setSelection(clickRow(usePolicies.getState().selection, order, key, mode), order);
  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setFocusIndex(next);
    virtualizer.scrollToIndex(next);
    focusWanted.current = true;
  };
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, item: DueItem) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(index + (event.key === 'ArrowDown' ? 1 : -1));
      if (event.shiftKey) pick(order[Math.max(0, Math.min(rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]!, 'range');
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      move(event.key === 'Home' ? 0 : rows.length - 1);
    } else if (event.key === ' ') {
      event.preventDefault();
      pick(rowKey(item), event.shiftKey ? 'range' : 'toggle');
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openSecretFromPolicies(item);
    }
  };
  const onRowClick = (event: MouseEvent<HTMLTableRowElement>, index: number, item: DueItem) => {
    setFocusIndex(index);
    if ((event.target as HTMLElement).closest('button, input, a')) return;
    pick(rowKey(item), event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only');
  };
  const allSelected = rows.length > 0 && order.every((key) => selection.keys.has(key));

  return (
    <div className="due-scroll sticky-head" ref={scrollRef}>
      <table className="table due-table" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="due-check">
              <input
                type="checkbox"
                aria-label="Select all shown"
                checked={allSelected}
                onChange={(event) => setSelection({ keys: new Set(event.target.checked ? order : []), anchor: null })}
              />
            </th>
            <SortHeader label="Name" column="name" />
            <th scope="col">Environment</th>
            <th scope="col">Source</th>
            <th scope="col">Interval</th>
            <th scope="col">Last rotated</th>
            <SortHeader label="Due" column="due" />
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={top} columns={COLUMNS} />
          {items.map((virtual) => {
            const item = rows[virtual.index];
            if (!item) return null;
            const key = rowKey(item);
            const checked = selection.keys.has(key);
            const environment = environmentLabel(environments, connections, item.environmentId);
            const days = daysBetween(computedAt, item.dueAt);
            return (
              <tr
                key={key}
                data-index={virtual.index}
                aria-rowindex={virtual.index + 2}
                className={`due-row${checked ? ' due-row-selected' : ''} due-row-${item.state}`}
                tabIndex={virtual.index === focusAt ? 0 : -1}
                onKeyDown={(event) => onRowKey(event, virtual.index, item)}
                onClick={(event) => onRowClick(event, virtual.index, item)}
              >
                <td className="due-check">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={`Select ${item.name} in ${environment.name}`}
                    checked={checked}
                    onChange={() => undefined}
                    onClick={(event) => {
                      event.stopPropagation();
                      setFocusIndex(virtual.index);
                      pick(key, event.shiftKey ? 'range' : 'toggle');
                    }}
                  />
                </td>
                <td className="clip">
                  <button
                    type="button"
                    className="link-button mono due-name"
                    title={`Open ${item.name} in Secrets`}
                    onClick={() => openSecretFromPolicies(item)}
                  >
                    {item.name}
                  </button>
                </td>
                <td className="clip nowrap" title={environment.name}>
                  {environment.name}
                  {environment.provider && <span className="muted"> · {environment.provider}</span>}
                </td>
                <td className="nowrap">{SOURCE_LABELS[item.source]}</td>
                <td className="nowrap clip" title={intervalText(item)}>
                  {intervalCell(item)}
                </td>
                <td className="nowrap clip" title={item.lastRotatedAt}>
                  {item.lastRotatedAt ? shortTime(item.lastRotatedAt).slice(0, 10) : '—'}
                  {item.lastFrom && <span className="muted"> · {LAST_FROM_LABELS[item.lastFrom]}</span>}
                </td>
                <td className="nowrap clip" title={item.dueAt}>
                  {shortTime(item.dueAt).slice(0, 10)} <span className="muted">{dueText(days)}</span>
                </td>
                <td>
                  <Badge tone={STATE_TONES[item.state]}>{STATE_LABELS[item.state]}</Badge>
                </td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Set policy for ${item.name} in ${environment.name}`}
                    onClick={() => usePolicies.getState().edit(policyTargetForSecret(item))}
                  >
                    Policy…
                  </button>
                </td>
              </tr>
            );
          })}
          <SpacerRow height={bottom} columns={COLUMNS} />
        </tbody>
      </table>
    </div>
  );
}
