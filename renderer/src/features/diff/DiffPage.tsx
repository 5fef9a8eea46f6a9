import { useEffect, useMemo, useState } from 'react';
import type { DiffResult } from '../../../../shared/ipc/channels/diff';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useConnections } from '../../stores/connections';
import { useDiff, visibleRows, type DiffFilter } from '../../stores/diff';
import { useNotices } from '../../stores/notices';
import { EmptyState } from '../../ui/EmptyState';
import { DiffIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { DiffTable } from './DiffTable';
import type { SideNames } from './labels';
import { PromoteDialog } from './PromoteDialog';
import { RecentPromotions } from './RecentPromotions';
import { RowDetail } from './RowDetail';
import './diff.css';

/** Two environments compared inside main by keyed fingerprints: statuses here, values only on request. */
export function DiffPage() {
  const result = useDiff((s) => s.result);
  const job = useDiff((s) => s.job);
  const error = useDiff((s) => s.error);
  useEffect(() => void useDiff.getState().loadDefinitions(), []);
  return (
    <div className="diff-page">
      <Pickers />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {job?.state === 'running' && <Progress />}
      {result === null && job === null && (
        <EmptyState title="Compare two environments" icon={<DiffIcon />}>
          <p>
            Pick two environments, on the same provider or on two. Keyhole reads both in main and compares every value by a keyed fingerprint: this
            page gets statuses, never values. Compare one row&apos;s values on request, then promote rows from A to B.
          </p>
        </EmptyState>
      )}
      {result && result.state !== 'running' && <Loaded result={result} />}
      <RecentPromotions />
    </div>
  );
}

function Pickers() {
  const { connections, environments } = useConnections();
  const { a, b, definitions, renames } = useDiff();
  const running = useDiff((s) => s.job?.state === 'running');
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  useEffect(() => {
    const first = environments.find((e) => e.name === 'staging') ?? environments[0];
    const second = environments.find((e) => e.name === 'production' && e.connectionId === first?.connectionId) ?? environments[1];
    if (a === '' && first) useDiff.getState().pick('a', first.id);
    if (b === '' && second) useDiff.getState().pick('b', second.id);
  }, [a, b, environments]);
  const select = (side: 'a' | 'b', value: string, label: string) => (
    <label>
      {label}
      <select value={value} onChange={(event) => useDiff.getState().pick(side, event.target.value)} aria-label={`Environment ${side.toUpperCase()}`}>
        {connections.map((connection) => (
          <optgroup key={connection.id} label={connection.name}>
            {environments
              .filter((e) => e.connectionId === connection.id)
              .map((e) => (
                <option key={e.id} value={e.id}>
                  {connection.name} / {e.name}
                  {e.protected ? ' (protected)' : ''}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
  const save = async () => {
    try {
      await api.diff.saveDefinition({ name: name.trim(), a, b, renames });
      setSaving(false);
      setName('');
      await useDiff.getState().loadDefinitions();
    } catch (caught) {
      useNotices.getState().push('error', explain(shownError(caught)));
    }
  };
  return (
    <form
      className="diff-pickers"
      onSubmit={(event) => {
        event.preventDefault();
        void useDiff.getState().run();
      }}
    >
      {select('a', a, 'A (from)')}
      {select('b', b, 'B (to)')}
      {running ? (
        <button type="button" className="button" onClick={() => void useDiff.getState().cancel()}>
          Cancel
        </button>
      ) : (
        <button type="submit" className="button button-primary" disabled={a === '' || b === '' || a === b}>
          Run diff
        </button>
      )}
      {definitions.length > 0 && (
        <label>
          Saved
          <select
            value=""
            aria-label="Saved diffs"
            onChange={(event) => {
              const definition = definitions.find((d) => d.id === event.target.value);
              if (definition) useDiff.getState().useDefinition(definition);
            }}
          >
            <option value="">Choose…</option>
            {definitions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {saving ? (
        <span className="diff-save">
          <input aria-label="Name of the saved diff" value={name} onChange={(event) => setName(event.target.value)} placeholder="Name" />
          <button type="button" className="button button-small" disabled={name.trim() === ''} onClick={() => void save()}>
            Save
          </button>
        </span>
      ) : (
        <button type="button" className="button button-small" disabled={a === '' || b === '' || a === b} onClick={() => setSaving(true)}>
          Save this diff
        </button>
      )}
    </form>
  );
}

function Progress() {
  const job = useDiff((s) => s.job);
  if (!job) return null;
  return (
    <p className="muted" role="status" data-testid="diff-progress">
      <Spinner /> Reading and fingerprinting… {job.done}
      {job.total !== null ? ` of ${job.total}` : ''} secrets
    </p>
  );
}

const CHIPS: Array<{ filter: DiffFilter; label: (n: SideNames) => string; count: (r: DiffResult) => number }> = [
  { filter: 'changed', label: () => 'Changed', count: (r) => r.rows.filter((row) => row.status !== 'same' || row.metadata.length > 0).length },
  { filter: 'different', label: () => 'Different', count: (r) => r.summary.different },
  { filter: 'only-a', label: (n) => `Only in ${n.a}`, count: (r) => r.summary.onlyA },
  { filter: 'only-b', label: (n) => `Only in ${n.b}`, count: (r) => r.summary.onlyB },
  { filter: 'unreadable', label: () => 'Unreadable', count: (r) => r.summary.unreadable },
  { filter: 'metadata', label: () => 'Metadata', count: (r) => r.summary.metadataDiffers },
  { filter: 'same', label: () => 'Same', count: (r) => r.summary.same },
  { filter: 'all', label: () => 'All', count: (r) => r.summary.total },
];

function Loaded({ result }: { result: DiffResult }) {
  const { filter, query, sort, selected, focused, stale } = useDiff();
  const [promoting, setPromoting] = useState<string[] | null>(null);
  const names: SideNames = {
    a: result.a.environmentName === result.b.environmentName ? `A ${result.a.environmentName}` : result.a.environmentName,
    b: result.a.environmentName === result.b.environmentName ? `B ${result.b.environmentName}` : result.b.environmentName,
  };
  const rows = useMemo(() => visibleRows(result.rows, filter, query, sort), [result.rows, filter, query, sort]);
  const row = focused === null ? undefined : result.rows.find((r) => r.name === focused);
  const chosen = result.rows.filter((r) => selected.has(r.name)).map((r) => r.name);

  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const { files } = await api.diff.export({ diffId: result.diffId, formats: [format] });
      useNotices.getState().push('info', `Exported ${files[0]?.rows ?? 0} rows to ${files[0]?.path ?? ''}`);
    } catch (caught) {
      useNotices.getState().push('error', explain(shownError(caught)));
    }
  };

  if (result.state !== 'done') return <p className="muted">The diff was {result.state}.</p>;
  return (
    <>
      <div className="diff-summary" role="group" aria-label="Summary">
        <span className="diff-title">
          {result.a.connectionName} / <strong>{result.a.environmentName}</strong> → {result.b.connectionName} /{' '}
          <strong>{result.b.environmentName}</strong>
        </span>
        {CHIPS.map((chip) => (
          <button
            key={chip.filter}
            type="button"
            className={`chip${filter === chip.filter ? ' chip-on' : ''}`}
            aria-pressed={filter === chip.filter}
            data-testid={`diff-count-${chip.filter}`}
            onClick={() => useDiff.getState().setFilter(chip.filter)}
          >
            {chip.label(names)} <strong>{chip.count(result)}</strong>
          </button>
        ))}
      </div>
      {stale && (
        <p className="diff-stale" role="status">
          Values were written since this diff ran: its statuses are out of date.{' '}
          <button type="button" className="button button-small" onClick={() => void useDiff.getState().run()}>
            Run it again
          </button>
        </p>
      )}
      <div className="diff-toolbar">
        <input
          type="search"
          placeholder="Filter by name"
          aria-label="Filter by name"
          value={query}
          onChange={(event) => useDiff.getState().setQuery(event.target.value)}
        />
        <label>
          Sort
          <select value={sort} onChange={(event) => useDiff.getState().setSort(event.target.value as 'name' | 'status')}>
            <option value="name">by name</option>
            <option value="status">by status</option>
          </select>
        </label>
        <span className="muted">{rows.length} shown</span>
        <span className="diff-toolbar-end">
          <button type="button" className="button button-small" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="button button-small" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
          <button
            type="button"
            className="button button-primary button-small"
            disabled={chosen.length === 0 || result.b.readOnly}
            onClick={() => setPromoting(chosen)}
          >
            Promote {chosen.length} to {result.b.environmentName}…
          </button>
        </span>
      </div>
      <div className="diff-body">
        <DiffTable rows={rows} names={names} />
        {row ? (
          <RowDetail key={row.name} result={result} row={row} names={names} />
        ) : (
          <aside className="diff-detail muted">Select a row to see its fields and metadata.</aside>
        )}
      </div>
      {promoting && (
        <PromoteDialog result={result} names={promoting} onClose={() => setPromoting(null)} onDone={() => useDiff.getState().markStale()} />
      )}
    </>
  );
}
