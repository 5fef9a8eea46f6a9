import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { AuditRow } from '../../../../shared/audit';
import { useAudit } from '../../stores/audit';
import { useConnections } from '../../stores/connections';
import { shortTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { OutcomeCell } from './OutcomeCell';
import { SpacerRow } from '../../ui/SpacerRow';

const ROW_HEIGHT = 28;
/** Ask for the next page this many rows before the end. */
const NEAR_END = 40;
const COLUMNS = 9;

function detailsText(details: AuditRow['details']): string {
  const entries = Object.entries(details);
  return entries.length === 0 ? '' : entries.map(([key, value]) => `${key}=${String(value)}`).join(' ');
}

/**
 * The filtered events, newest first, in a virtualised table (spacer rows keep the table's
 * semantics); the next keyset page loads as the end comes near.
 */
export function AuditTable({ caption }: { caption: string }) {
  const rows = useAudit((s) => s.rows);
  const next = useAudit((s) => s.next);
  const loading = useAudit((s) => s.loading);
  const loadMore = useAudit((s) => s.loadMore);
  const connections = useConnections((s) => s.connections);
  const environments = useConnections((s) => s.environments);
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back a mutable instance; this component is simply not auto-memoised
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (next !== null && !loading && last >= rows.length - NEAR_END) void loadMore();
  }, [last, rows.length, next, loading, loadMore]);

  const nameOf = (id: string | null) => (id === null ? '' : (connections.find((c) => c.id === id)?.name ?? 'removed connection'));
  const envOf = (id: string | null) => (id === null ? null : (environments.find((e) => e.id === id)?.name ?? 'removed environment'));
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <div className="audit-scroll sticky-head" ref={scrollRef} tabIndex={0} aria-label={caption} role="region">
      <table className="table audit-table" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Outcome</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Connection / environment</th>
            <th scope="col">Path</th>
            <th scope="col">Code</th>
            <th scope="col">Reason · details</th>
            <th scope="col" className="num">
              Seq
            </th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={top} columns={COLUMNS} />
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const environment = envOf(row.environmentId);
            const tone = row.outcome === 'refused' || row.outcome === 'failure' ? ` row-${row.outcome}` : '';
            return (
              <tr key={row.seq} className={`audit-row${tone}${row.flagged ? ' row-flagged' : ''}`} aria-rowindex={item.index + 2} data-seq={row.seq}>
                <td className="mono nowrap" title={row.time}>
                  {shortTime(row.time, true)}
                </td>
                <td className="nowrap">
                  <OutcomeCell event={row} />
                </td>
                <td className="mono nowrap">{row.action}</td>
                <td className="nowrap clip" title={row.principal ?? undefined}>
                  {row.actorUser}
                  <span className="muted">@{row.actorHost}</span>
                  {row.flagged && (
                    <span className="burst-flag" title="Part of a burst of repeated failures by this actor">
                      repeated
                    </span>
                  )}
                </td>
                <td className="nowrap clip">
                  {nameOf(row.connectionId)}
                  {environment && <span className="muted"> / {environment}</span>}
                </td>
                <td className="mono clip" title={row.path ?? undefined}>
                  {row.path ?? ''}
                  {row.version && <span className="muted"> v{row.version}</span>}
                </td>
                <td className="mono nowrap">{row.code ?? ''}</td>
                <td className="clip" title={[row.reason, detailsText(row.details)].filter(Boolean).join(' · ')}>
                  {row.reason && <span className="audit-reason">“{row.reason}” </span>}
                  <span className="mono muted">{detailsText(row.details)}</span>
                </td>
                <td className="mono num muted">{row.seq}</td>
              </tr>
            );
          })}
          <SpacerRow height={bottom} columns={COLUMNS} />
        </tbody>
      </table>
      {loading && rows.length > 0 && (
        <p className="muted audit-more" role="status">
          <Spinner /> Loading older events…
        </p>
      )}
    </div>
  );
}
