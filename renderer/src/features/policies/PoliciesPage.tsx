import { useEffect, useId, useMemo } from 'react';
import type { DueItem } from '../../../../shared/ipc/channels/policies';
import { useConnections } from '../../stores/connections';
import { rowKey, usePolicies, type DueSort } from '../../stores/policies';
import { EmptyState } from '../../ui/EmptyState';
import { plural, shortTime } from '../../ui/format';
import { RefreshIcon, RotationIcon, SearchIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { JobProgress } from '../audit/JobProgress';
import { BulkRotationDialog } from '../rotation/bulk/BulkRotationDialog';
import { BUCKETS, bucketOf } from './buckets';
import { DueChart } from './DueChart';
import { DueTable } from './DueTable';
import { EnvironmentPolicies } from './EnvironmentPolicies';
import { environmentLabel } from './labels';
import { PolicyDialog } from './PolicyDialog';
import './policies.css';

function sorted(items: readonly DueItem[], sort: DueSort): DueItem[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const primary = sort.key === 'due' ? a.dueAt.localeCompare(b.dueAt) : a.name.localeCompare(b.name);
    return sign * (primary || a.name.localeCompare(b.name) || a.environmentId.localeCompare(b.environmentId));
  });
}

function Failed() {
  const report = usePolicies((s) => s.report);
  const environments = useConnections((s) => s.environments);
  const connections = useConnections((s) => s.connections);
  if (!report || (report.failed.length === 0 && report.unknown === 0)) return null;
  return (
    <section className="policy-failed" aria-labelledby="policy-failed">
      <h2 id="policy-failed">Not all secrets could be read</h2>
      <ul>
        {report.failed.map((failure) => (
          <li key={failure.environmentId}>
            <strong>{environmentLabel(environments, connections, failure.environmentId).name}</strong>: {failure.message}{' '}
            <span className="mono muted">({failure.code})</span>
          </li>
        ))}
        {report.unknown > 0 && <li>{plural(report.unknown, 'secret')} under a policy whose last rotation could not be read (not in the table).</li>}
      </ul>
    </section>
  );
}

/** Rotation policies: what is overdue or due soon, the environments' intervals, and a way to rotate many at once. */
export function PoliciesPage() {
  const report = usePolicies((s) => s.report);
  const running = usePolicies((s) => s.running);
  const job = usePolicies((s) => s.job);
  const error = usePolicies((s) => s.error);
  const environmentId = usePolicies((s) => s.environmentId);
  const bucket = usePolicies((s) => s.bucket);
  const nameFilter = usePolicies((s) => s.nameFilter);
  const sort = usePolicies((s) => s.sort);
  const selection = usePolicies((s) => s.selection);
  const bulkOpen = usePolicies((s) => s.bulkOpen);
  const editing = usePolicies((s) => s.editing);
  const environments = useConnections((s) => s.environments);
  const connections = useConnections((s) => s.connections);
  const environmentFieldId = useId();

  useEffect(() => {
    void usePolicies.getState().loadPolicies();
    void usePolicies.getState().runDue();
  }, []);

  const computedAt = report ? Date.parse(report.computedAt) : 0;
  const needle = nameFilter.trim().toLowerCase();
  // Re-sorting a large report on every selection change would be wasted work.
  const shown = useMemo(
    () =>
      report
        ? sorted(
            report.items.filter(
              (item) => (!bucket || bucketOf(item, computedAt) === bucket) && (!needle || item.name.toLowerCase().includes(needle)),
            ),
            sort,
          )
        : [],
    [report, bucket, needle, sort, computedAt],
  );
  const selected = useMemo(() => shown.filter((item) => selection.keys.has(rowKey(item))), [shown, selection]);
  const bucketName = BUCKETS.find((b) => b.id === bucket)?.long;

  return (
    <div className="page-pad policies-page">
      <div className="policies-toolbar">
        <h2 className="policies-title">Due for rotation</h2>
        <label className="policies-control" htmlFor={environmentFieldId}>
          Environment
        </label>
        <select
          id={environmentFieldId}
          className="policies-select"
          value={environmentId}
          onChange={(event) => usePolicies.getState().setEnvironment(event.target.value)}
        >
          <option value="">All environments</option>
          {environments.map((environment) => {
            const label = environmentLabel(environments, connections, environment.id);
            return (
              <option key={environment.id} value={environment.id}>
                {label.name}
                {label.protected ? ' (protected)' : ''}
              </option>
            );
          })}
        </select>
        <button type="button" className="button button-small" onClick={() => void usePolicies.getState().runDue()} disabled={running}>
          <RefreshIcon /> Refresh
        </button>
        {running && (
          <>
            <JobProgress job={job} label="Reading when secrets were last rotated" />
            <button type="button" className="button button-small" onClick={() => void usePolicies.getState().cancelDue()} disabled={!job}>
              Cancel
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          The due report could not be built: {error}
        </p>
      )}
      <div className="policies-summary">
        {report ? (
          <DueChart report={report} />
        ) : (
          <p className="muted due-chart-placeholder" role="status">
            {running ? (
              <>
                <Spinner /> Reading when secrets were last rotated…
              </>
            ) : (
              'No report yet.'
            )}
          </p>
        )}
        <EnvironmentPolicies />
      </div>
      <Failed />
      {report && report.items.length === 0 && report.failed.length === 0 && (
        <EmptyState title="No secret is under a rotation policy" icon={<RotationIcon />}>
          <p>Set an interval for an environment (Environment policies, above), or for one secret from its detail pane.</p>
          <p>AWS rotation schedules and Azure expiry dates count as policies once they are set on the provider.</p>
        </EmptyState>
      )}
      {report && report.items.length > 0 && (
        <>
          <div className="policies-table-head">
            <p className="muted small" role="status">
              {bucketName ? `${plural(shown.length, 'secret')} ${bucketName.toLowerCase()}` : `${plural(shown.length, 'secret')} under a policy`}
              {needle && ` matching “${nameFilter.trim()}”`}
              {selected.length > 0 && ` · ${selected.length.toLocaleString('en-US')} selected`} · computed {shortTime(report.computedAt)}
            </p>
            {bucket && (
              <button type="button" className="chip" onClick={() => usePolicies.getState().setBucket(null)}>
                Show all due dates
              </button>
            )}
            <div className="filter">
              <SearchIcon />
              <input
                type="search"
                aria-label="Filter by name"
                placeholder="Filter by name"
                value={nameFilter}
                onChange={(event) => usePolicies.getState().setNameFilter(event.target.value)}
              />
            </div>
            <button
              type="button"
              className="button button-small button-primary"
              disabled={selected.length === 0}
              onClick={() => usePolicies.getState().setBulkOpen(true)}
            >
              Rotate selected…
            </button>
          </div>
          <DueTable
            rows={shown}
            computedAt={computedAt}
            caption={bucketName ? `Secrets ${bucketName.toLowerCase()}` : 'Secrets under a rotation policy'}
          />
        </>
      )}
      {editing && <PolicyDialog key={JSON.stringify(editing.scope)} target={editing} />}
      {bulkOpen && (
        <BulkRotationDialog
          items={selected.map((item) => ({ environmentId: item.environmentId, name: item.name }))}
          onClose={() => {
            usePolicies.getState().setBulkOpen(false);
            void usePolicies.getState().runDue();
          }}
        />
      )}
    </div>
  );
}
