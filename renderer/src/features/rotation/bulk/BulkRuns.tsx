import { useEffect } from 'react';
import type { BulkView } from '../../../../../shared/ipc/channels/rotation';
import { useBulkRotation } from '../../../stores/bulk-rotation';
import { useConnections } from '../../../stores/connections';
import { useRotation } from '../../../stores/rotation';
import { Badge } from '../../../ui/Badge';
import { plural, shortTime } from '../../../ui/format';
import { bulkStatus, bulkSummary, ITEM_STATUS } from './bulk-summary';
import './bulk.css';

/** How many bulks get a tab; older ones are in a menu. */
const TABS = 5;

/** Bulk rotations, newest first, and the run view of the one selected: each item's status, live while it runs. */
export function BulkRuns() {
  const bulks = useBulkRotation((s) => s.bulks);
  const selectedId = useBulkRotation((s) => s.selectedId);
  const collapsed = useBulkRotation((s) => s.collapsed);
  const error = useBulkRotation((s) => s.error);
  useEffect(() => void useBulkRotation.getState().load(), []);
  if (bulks.length === 0 && !error) return null;
  const selected = bulks.find((b) => b.id === selectedId) ?? bulks[0];
  const older = bulks.slice(TABS);

  return (
    <section className="bulk-runs" aria-label="Bulk rotations">
      <div className="bulk-runs-head">
        <h2>Bulk rotations</h2>
        <ul className="bulk-tabs" aria-label="Bulk rotations, newest first">
          {bulks.slice(0, TABS).map((bulk) => (
            <li key={bulk.id}>
              <button
                type="button"
                className="bulk-tab"
                aria-current={bulk.id === selected?.id ? 'true' : undefined}
                onClick={() => useBulkRotation.getState().select(bulk.id)}
              >
                <span>
                  {shortTime(bulk.createdAt)} · {plural(bulk.items.length, 'secret')}
                </span>
                <Badge tone={bulkStatus(bulk).tone}>{bulkStatus(bulk).label}</Badge>
              </button>
            </li>
          ))}
        </ul>
        {older.length > 0 && (
          <select
            className="bulk-older"
            aria-label="Older bulk rotations"
            value={older.some((b) => b.id === selected?.id) ? (selected?.id ?? '') : ''}
            onChange={(event) => event.target.value && useBulkRotation.getState().select(event.target.value)}
          >
            <option value="">{plural(older.length, 'older bulk')}…</option>
            {older.map((bulk) => (
              <option key={bulk.id} value={bulk.id}>
                {shortTime(bulk.createdAt)} · {plural(bulk.items.length, 'secret')} · {bulkStatus(bulk).label}
              </option>
            ))}
          </select>
        )}
        <button
          type="button"
          className="button button-small bulk-toggle"
          aria-expanded={!collapsed}
          onClick={() => useBulkRotation.getState().collapse(!collapsed)}
        >
          {collapsed ? 'Show' : 'Hide'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {selected && !collapsed && <BulkRun bulk={selected} />}
    </section>
  );
}

function BulkRun({ bulk }: { bulk: BulkView }) {
  const { connections, environments } = useConnections();
  const where = (environmentId: string) => {
    const environment = environments.find((e) => e.id === environmentId);
    return `${connections.find((c) => c.id === environment?.connectionId)?.name ?? '?'} / ${environment?.name ?? '?'}`;
  };
  const running = bulk.status === 'running';
  const current = bulk.items.find((i) => i.status === 'running');
  return (
    <div className="bulk-run" aria-label={`Bulk rotation of ${bulk.items.length}, started ${shortTime(bulk.createdAt)}`} role="group">
      <div className="bulk-run-head">
        <Badge tone={bulkStatus(bulk).tone}>{bulkStatus(bulk).label}</Badge>
        <span className="muted">
          {bulk.summary} · {bulk.continueOnFailure ? 'continues after a failure' : 'stops at the first failure'}
        </span>
        {running && (
          <button type="button" className="button button-small" onClick={() => void useBulkRotation.getState().cancel(bulk.id)}>
            {current ? 'Stop after this item' : 'Stop'}
          </button>
        )}
      </div>
      <p className="bulk-summary" role="status" aria-live="polite">
        {bulkSummary(bulk)}
      </p>
      {bulk.status === 'interrupted' && (
        <p className="bulk-note">
          Keyhole stopped while this bulk ran, so it did not go on. The item that was running has its own rotation, interrupted where it stopped: open
          its runbook to resume or undo it, then start a new bulk for the rest.
        </p>
      )}
      <table className="table compact" aria-label="Items">
        <thead>
          <tr>
            <th>#</th>
            <th>Secret</th>
            <th>Environment</th>
            <th>Status</th>
            <th>What happened</th>
            <th>
              <span className="visually-hidden">Runbook</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bulk.items.map((item, index) => (
            <tr key={`${item.environmentId}/${item.name}`}>
              <td className="muted">{index + 1}</td>
              <td className="mono">{item.name}</td>
              <td>{where(item.environmentId)}</td>
              <td>
                <Badge tone={ITEM_STATUS[item.status].tone}>{ITEM_STATUS[item.status].label}</Badge>
              </td>
              <td className={item.error ? 'bulk-error' : 'muted'}>
                {item.error ? item.error.message : item.finishedAt ? shortTime(item.finishedAt, true) : ''}
              </td>
              <td>
                {item.rotationId && (
                  <button
                    type="button"
                    className="bulk-link"
                    aria-label={`Runbook of ${item.name}`}
                    onClick={() => {
                      const rotation = useRotation.getState();
                      rotation.select(item.rotationId ?? null);
                      // The item's rotation may be newer than the list the store holds.
                      void rotation.load();
                    }}
                  >
                    Runbook
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
