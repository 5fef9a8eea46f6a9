import { useEffect, useState } from 'react';
import type { DiffResult, DiffRow } from '../../../../shared/ipc/channels/diff';
import { api } from '../../api';
import { explain } from '../../errors';
import { useDiff, type ComparedValues } from '../../stores/diff';
import { Badge } from '../../ui/Badge';
import { TextField } from '../../ui/fields';
import { withStepUp } from '../mfa/with-step-up';
import { charDiff } from './char-diff';
import { FIELD_TONES, fieldName, statusLabel, STATUS_TONES, type SideNames } from './labels';

/** One row: field statuses, metadata differences, reasons it could not be read, and compare values. */
export function RowDetail({ result, row, names }: { result: DiffResult; row: DiffRow; names: SideNames }) {
  const shown = useDiff((s) => (s.shown?.name === row.name ? s.shown : null));
  const protectedSide = result.a.protected || result.b.protected;
  const readable = row.unreadable.length === 0 && (row.aVersion !== null || row.bVersion !== null);
  return (
    <aside className="diff-detail" aria-label={`Difference for ${row.name}`} data-testid="diff-detail">
      <h3 className="mono">{row.name}</h3>
      <p>
        <Badge tone={STATUS_TONES[row.status]}>{statusLabel(row.status, names)}</Badge>
      </p>
      <dl className="diff-sides">
        <dt>{names.a}</dt>
        <dd className="mono">{row.aName === null ? '—' : `${row.aName} · v ${short(row.aVersion)}`}</dd>
        <dt>{names.b}</dt>
        <dd className="mono">{row.bName === null ? '—' : `${row.bName} · v ${short(row.bVersion)}`}</dd>
      </dl>
      {row.unreadable.map((u) => (
        <p key={u.side} className="form-error">
          {u.side === 'a' ? names.a : names.b} could not be read: {u.code}
        </p>
      ))}
      {row.fields.length > 0 && (
        <ul className="field-statuses" data-testid="diff-field-statuses">
          {row.fields.map((f) => (
            <li key={f.field}>
              <span className="mono">{fieldName(f.field)}</span>{' '}
              <Badge tone={FIELD_TONES[f.status]}>
                {f.status === 'only-a' ? `only in ${names.a}` : f.status === 'only-b' ? `only in ${names.b}` : f.status}
              </Badge>
            </li>
          ))}
        </ul>
      )}
      {row.metadata.length > 0 && (
        <table className="table compact" data-testid="diff-metadata">
          <thead>
            <tr>
              <th>Metadata</th>
              <th>{names.a}</th>
              <th>{names.b}</th>
            </tr>
          </thead>
          <tbody>
            {row.metadata.map((m) => (
              <tr key={m.key}>
                <td className="mono">{m.key}</td>
                <td>{m.a ?? '—'}</td>
                <td>{m.b ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {readable && !shown && <CompareForm diffId={result.diffId} name={row.name} protectedSide={protectedSide} environment={names} />}
      {shown && <SideBySide shown={shown} names={names} />}
    </aside>
  );
}

function short(version: string | null): string {
  if (version === null) return '—';
  return version.length > 12 ? `${version.slice(0, 8)}…` : version;
}

/** Where either side is protected a fresh code is asked for here; elsewhere a step-up only if settings ask for one everywhere. */
function CompareForm({ diffId, name, protectedSide, environment }: { diffId: string; name: string; protectedSide: boolean; environment: SideNames }) {
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const compare = async () => {
    setBusy(true);
    setError(null);
    const result = await withStepUp(
      (given) => api.diff.compare({ diffId, name, ...(given ? { reason: given } : {}), ...(protectedSide ? { code: code.trim() } : {}) }),
      { purpose: `Compare the values of ${name} in ${environment.a} and ${environment.b}`, askReason: true, reason: reason.trim() || undefined },
    );
    setBusy(false);
    setCode('');
    if (result.ok) useDiff.getState().setShown(name, result.value);
    else if (result.error) setError(explain(result.error));
  };
  return (
    <form
      className="diff-compare-form"
      onSubmit={(event) => {
        event.preventDefault();
        void compare();
      }}
    >
      <TextField label="Reason (recorded in the audit log)" value={reason} onChange={setReason} />
      {protectedSide && <TextField label="A fresh code from your authenticator (a protected side)" value={code} onChange={setCode} secret mono />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || (protectedSide && code.trim() === '')}>
        {busy ? 'Reading…' : 'Compare values'}
      </button>
    </form>
  );
}

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return <span className="muted">hidden in {Math.max(0, Math.ceil((until - now) / 1000))} s</span>;
}

function fieldsOf(side: ComparedValues['a']): Record<string, string> {
  if (side === null) return {};
  return side.fields ?? { '': side.value ?? '' };
}

/** Both values, a character-level diff per field, dropped after revealSeconds. */
function SideBySide({ shown, names }: { shown: ComparedValues; names: SideNames }) {
  const a = fieldsOf(shown.a);
  const b = fieldsOf(shown.b);
  // Vault keeps a plain string as the field "value": show it against the other side's string.
  if (Object.keys(a).length === 1 && 'value' in a && Object.keys(b).length === 1 && '' in b) a[''] = a.value as string;
  if (Object.keys(b).length === 1 && 'value' in b && Object.keys(a).length === 1 && '' in a) b[''] = b.value as string;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !(f === 'value' && '' in a && '' in b)).sort();
  return (
    <div className="diff-values" data-testid="diff-values">
      <p>
        Values as the diff read them · <Countdown until={shown.dropsAt} />{' '}
        <button type="button" className="button button-small" onClick={() => useDiff.getState().dropShown()}>
          Hide
        </button>
      </p>
      {shown.a?.encoding === 'base64' || shown.b?.encoding === 'base64' ? <p className="muted">Binary values are shown as base64.</p> : null}
      {fields.map((field) => (
        <div key={field} className="diff-value-field">
          <div className="mono value-diff-name">{fieldName(field)}</div>
          <div className="diff-value-pair">
            <div>
              <div className="muted">{names.a}</div>
              <pre className="mono diff-value">{a[field] ?? '—'}</pre>
            </div>
            <div>
              <div className="muted">{names.b}</div>
              <pre className="mono diff-value">{b[field] ?? '—'}</pre>
            </div>
          </div>
          {a[field] !== b[field] && (
            <pre className="mono diff-value diff-chars" aria-label={`Character differences in ${fieldName(field)}`}>
              {charDiff(a[field] ?? '', b[field] ?? '').map((run, index) => (
                <span key={index} className={`char-${run.op}`}>
                  {run.text}
                </span>
              ))}
            </pre>
          )}
        </div>
      ))}
    </div>
  );
}
