import { useEffect, useId, useState, type ReactNode } from 'react';
import { useAudit } from '../../stores/audit';
import { useConnections } from '../../stores/connections';
import { activeCount, actorKey, type FilterForm, type OutcomeChoice } from './filter-form';

const OUTCOMES: { value: OutcomeChoice; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'problems', label: 'Refused or failed' },
  { value: 'refused', label: 'Refused' },
  { value: 'failure', label: 'Failed' },
  { value: 'success', label: 'Succeeded' },
];
const TYPING_PAUSE_MS = 250;

function Control({ label, children }: { label: string; children(id: string): ReactNode }) {
  const id = useId();
  return (
    <div className="audit-control">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

function Choice({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: { value: string; label: string }[];
}) {
  return (
    <Control label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

/** Text that filters once typing pauses. */
function PathControl() {
  const path = useAudit((s) => s.form.path);
  const setForm = useAudit((s) => s.setForm);
  const [draft, setDraft] = useState(path);
  const [seen, setSeen] = useState(path);
  if (path !== seen) {
    setSeen(path);
    setDraft(path);
  }
  useEffect(() => {
    if (draft === path) return;
    const timer = setTimeout(() => setForm({ path: draft }), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft, path, setForm]);
  return (
    <Control label="Path contains">
      {(id) => (
        <input
          id={id}
          type="search"
          className="mono"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setDraft(event.target.value)}
        />
      )}
    </Control>
  );
}

/** The filter controls; their values come from the audit facets and the connections list. */
export function AuditFilters() {
  const form = useAudit((s) => s.form);
  const facets = useAudit((s) => s.facets);
  const setForm = useAudit((s) => s.setForm);
  const clear = useAudit((s) => s.clearFilters);
  const connections = useConnections((s) => s.connections);
  const environments = useConnections((s) => s.environments);
  const set = (key: keyof FilterForm) => (value: string) => setForm({ [key]: value });
  const shownEnvironments = environments.filter((env) => form.connectionId === '' || env.connectionId === form.connectionId);
  const connectionName = (id: string) => connections.find((c) => c.id === id)?.name ?? 'removed';

  return (
    <form className="audit-filters" role="search" aria-label="Filter audit events" onSubmit={(event) => event.preventDefault()}>
      <Control label="From">
        {(id) => <input id={id} type="datetime-local" value={form.from} onChange={(event) => setForm({ from: event.target.value })} />}
      </Control>
      <Control label="To">
        {(id) => <input id={id} type="datetime-local" value={form.to} onChange={(event) => setForm({ to: event.target.value })} />}
      </Control>
      <Choice
        label="Action"
        value={form.action}
        onChange={set('action')}
        options={[{ value: '', label: 'Any' }, ...(facets?.actions ?? []).map((a) => ({ value: a, label: a }))]}
      />
      <Choice label="Outcome" value={form.outcome} onChange={(value) => setForm({ outcome: value as OutcomeChoice })} options={OUTCOMES} />
      <Choice
        label="Connection"
        value={form.connectionId}
        onChange={(connectionId) => setForm({ connectionId, environmentId: '' })}
        options={[{ value: '', label: 'Any' }, ...connections.map((c) => ({ value: c.id, label: c.name }))]}
      />
      <Choice
        label="Environment"
        value={form.environmentId}
        onChange={set('environmentId')}
        options={[
          { value: '', label: 'Any' },
          ...shownEnvironments.map((env) => ({
            value: env.id,
            label: form.connectionId ? env.name : `${connectionName(env.connectionId)} / ${env.name}`,
          })),
        ]}
      />
      <Choice
        label="Actor"
        value={form.actor}
        onChange={set('actor')}
        options={[{ value: '', label: 'Any' }, ...(facets?.actors ?? []).map((a) => ({ value: actorKey(a), label: actorKey(a) }))]}
      />
      <Choice
        label="Principal"
        value={form.principal}
        onChange={set('principal')}
        options={[{ value: '', label: 'Any' }, ...(facets?.principals ?? []).map((p) => ({ value: p, label: p }))]}
      />
      <PathControl />
      <button type="button" className="button button-small audit-clear" onClick={clear} disabled={activeCount(form) === 0}>
        Clear filters
      </button>
    </form>
  );
}
