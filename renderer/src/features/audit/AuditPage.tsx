import { useEffect, useState } from 'react';
import type { AuditEvent } from '../../../../shared/audit';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useConnections } from '../../stores/connections';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { shortTime } from '../../ui/format';
import { RefreshIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';

const LIMIT = 200;

const OUTCOME_TONE: Record<string, BadgeTone> = { success: 'ok', failure: 'danger', refused: 'warn' };

function PhaseCell({ event }: { event: AuditEvent }) {
  if (event.outcome) return <Badge tone={OUTCOME_TONE[event.outcome] ?? 'neutral'}>{event.outcome}</Badge>;
  return <span className="muted">{event.phase}</span>;
}

/** Recent events, newest first. The full view (filters, verification, export) is a later issue. */
export function AuditPage() {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const connections = useConnections((s) => s.connections);
  const environments = useConnections((s) => s.environments);
  const nameOf = (id: string | null) => (id === null ? '' : (connections.find((c) => c.id === id)?.name ?? 'removed connection'));
  const envOf = (id: string | null) => (id === null ? null : (environments.find((e) => e.id === id)?.name ?? null));

  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    api.audit.list({ limit: LIMIT }).then(
      (result) => {
        if (!live) return;
        setEvents(result.events);
        setError(null);
        setBusy(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(explain(shownError(failure)));
        setBusy(false);
      },
    );
    return () => {
      live = false;
    };
  }, [generation]);
  const refresh = () => {
    setBusy(true);
    setGeneration((g) => g + 1);
  };

  return (
    <div className="page-pad">
      <div className="page-toolbar">
        <p className="muted">
          The latest {LIMIT} events, newest first. Every event is chained to the one before it by SHA-256. Filtering, chain verification and export
          come in a later build.
        </p>
        <button type="button" className="button" onClick={refresh} disabled={busy}>
          <RefreshIcon /> Refresh
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          The audit log could not be read: {error}
        </p>
      )}
      {events === null && !error && (
        <p className="muted" role="status">
          <Spinner /> Reading the audit log…
        </p>
      )}
      {events !== null && events.length === 0 && <p className="muted">No events yet.</p>}
      {events !== null && events.length > 0 && (
        <div className="table-scroll">
          <table className="table audit-table">
            <caption className="visually-hidden">Recent audit events</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Connection</th>
                <th scope="col">Path</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => {
                const environment = envOf(event.environmentId);
                return (
                  <tr key={event.seq}>
                    <td className="mono nowrap" title={event.time}>
                      {shortTime(event.time, true)}
                    </td>
                    <td className="mono">{event.action}</td>
                    <td>
                      <PhaseCell event={event} />
                    </td>
                    <td>
                      {nameOf(event.connectionId)}
                      {environment && <span className="muted"> / {environment}</span>}
                    </td>
                    <td className="mono wrap">{event.path ?? ''}</td>
                    <td className="mono">{event.code ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
