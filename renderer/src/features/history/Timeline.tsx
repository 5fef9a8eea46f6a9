import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { AuditEvent } from '../../../../shared/audit';
import type { VersionInfo } from '../../../../shared/domain';
import { useHistory } from '../../stores/history';
import { Badge } from '../../ui/Badge';
import { shortTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { mergeTimeline, short, type TimelineRow } from './timeline';

const ROW_HEIGHT = 44;

export interface VersionActions {
  rollback(version: VersionInfo): void;
  remove(version: VersionInfo): void;
  restore(version: VersionInfo): void;
  destroy(version: VersionInfo): void;
}

/** Versions and this desk's audit events, newest first, virtualised; the next page loads as the end comes into view. */
export function Timeline({ actions }: { actions: VersionActions }) {
  const { versions, events, next, loadingMore, opened, a, b } = useHistory();
  const rows = useMemo(() => mergeTimeline(versions, events, next === undefined), [versions, events, next]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back a mutable instance; this component is simply not auto-memoised
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (next !== undefined && !loadingMore && lastIndex >= rows.length - 20) void useHistory.getState().loadMore();
  }, [lastIndex, rows.length, next, loadingMore]);

  if (!opened) return null;
  return (
    <section className="timeline" aria-label="Version history">
      <div className="timeline-count muted" role="status">
        {versions.length} version{versions.length === 1 ? '' : 's'} loaded{next !== undefined ? ', more as you scroll' : ''} · {events.length} audit
        event
        {events.length === 1 ? '' : 's'} from this desk
        {loadingMore && <Spinner />}
      </div>
      <div className="timeline-scroll" ref={scrollRef} data-testid="timeline">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index] as TimelineRow;
            return (
              <div
                key={row.key}
                className={`timeline-row timeline-${row.kind}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'version' ? (
                  <VersionRow version={row.version} a={a} b={b} actions={actions} canWrite={!opened.readOnly} versionScoped={opened.versionScoped} />
                ) : (
                  <EventRow event={row.event} />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function VersionRow({
  version,
  a,
  b,
  actions,
  canWrite,
  versionScoped,
}: {
  version: VersionInfo;
  a: string | null;
  b: string | null;
  actions: VersionActions;
  canWrite: boolean;
  versionScoped: boolean;
}) {
  const pick = useHistory((s) => s.pick);
  const gone = version.deleted === true || version.destroyed === true;
  return (
    <div className="timeline-line" data-version={version.id}>
      <span className="timeline-compare">
        <label title="Compare from">
          <input
            type="radio"
            name="compare-a"
            checked={a === version.id}
            disabled={gone}
            onChange={() => pick('a', version.id)}
            aria-label={`Compare from ${version.id}`}
          />
          A
        </label>
        <label title="Compare to">
          <input
            type="radio"
            name="compare-b"
            checked={b === version.id}
            disabled={gone}
            onChange={() => pick('b', version.id)}
            aria-label={`Compare to ${version.id}`}
          />
          B
        </label>
      </span>
      <span className="mono timeline-id" title={version.id}>
        {short(version.id)}
      </span>
      <span className="nowrap timeline-time">{shortTime(version.createdAt, true)}</span>
      <span className="badges">
        {version.current && <Badge tone="accent">current</Badge>}
        {version.stages
          ?.filter((stage) => !(version.current && stage === 'AWSCURRENT'))
          .map((stage) => (
            <Badge key={stage}>{stage}</Badge>
          ))}
        {version.enabled === false && <Badge>disabled</Badge>}
        {version.destroyed ? <Badge tone="danger">destroyed</Badge> : version.deleted && <Badge tone="warn">deleted</Badge>}
        {version.expiresAt && <span className="muted">expires {shortTime(version.expiresAt)}</span>}
        {version.notBefore && <span className="muted">not before {shortTime(version.notBefore)}</span>}
      </span>
      <span className="timeline-actions">
        {canWrite && !version.current && !gone && (
          <button type="button" className="button button-small" onClick={() => actions.rollback(version)}>
            Roll back to this
          </button>
        )}
        {canWrite && versionScoped && !gone && (
          <button type="button" className="button button-small" onClick={() => actions.remove(version)}>
            Delete
          </button>
        )}
        {canWrite && versionScoped && version.deleted && !version.destroyed && (
          <button type="button" className="button button-small" onClick={() => actions.restore(version)}>
            Undelete
          </button>
        )}
        {canWrite && versionScoped && !version.destroyed && (
          <button type="button" className="button button-small button-danger" onClick={() => actions.destroy(version)}>
            Destroy
          </button>
        )}
      </span>
    </div>
  );
}

function EventRow({ event }: { event: AuditEvent }) {
  const tone = event.outcome === 'success' ? 'ok' : event.outcome === null ? 'neutral' : 'danger';
  return (
    <div className="timeline-line">
      <span className="timeline-compare" aria-hidden="true" />
      <span className="mono timeline-id muted">#{event.seq}</span>
      <span className="nowrap timeline-time">{shortTime(event.time, true)}</span>
      <span className="badges">
        <Badge tone={tone}>{event.action}</Badge>
        <span>
          {event.outcome ?? 'attempt'}
          {event.code ? ` (${event.code})` : ''}
        </span>
        <span className="muted">
          by {event.actorUser}@{event.actorHost}
          {event.version ? ` · version ${short(event.version)}` : ''}
          {event.reason ? ` · “${event.reason}”` : ''}
        </span>
      </span>
    </div>
  );
}
