import { useEffect, useId, useState } from 'react';
import { api } from '../../api';
import { explain, type ShownError } from '../../errors';
import { useConnections } from '../../stores/connections';
import { coreNow } from '../../stores/mfa';
import { useSettings } from '../../stores/settings';
import { Badge } from '../../ui/Badge';
import { CopyIcon, EyeIcon, ShieldIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { useCoreNow } from '../mfa/core-clock';
import { remaining } from '../mfa/mfa-text';
import { withStepUp } from '../mfa/with-step-up';
import '../mfa/mfa.css';

/** null is the whole value; a string is one field of a fields value. */
type Target = string | null;

/** What a reveal taught us about the value's shape: not a value, so it stays after the mask. */
interface Shape {
  kind: 'string' | 'fields' | 'binary';
  fields: string[];
}

/** A revealed value, for `until` (core's clock). Lives only here, only until the mask. */
interface Shown {
  target: Target;
  text?: string;
  fields?: Record<string, string>;
  until: number;
}

interface Copied {
  target: Target;
  clearsAt: number;
}

const MASK = '••••••••';

function problem(error: ShownError): string {
  if (error.code === 'UNSUPPORTED') return 'Copying needs a clipboard, and this session has none.';
  return explain(error);
}

/**
 * Reveal and copy for the selected secret (ARCHITECTURE: a value leaves main only through a
 * reveal). Masked until asked; where the path is protected main answers STEP_UP_REQUIRED and the
 * step-up dialog (with a reason) runs first. A revealed value shows for revealSeconds by core's
 * clock, then is masked and dropped from state; a lock drops it at once. The value is only ever
 * text content: never an attribute, a title, a label or a key.
 */
export function SecretValue({ environmentId, name }: { environmentId: string; name: string }) {
  const environment = useConnections((s) => s.environments.find((item) => item.id === environmentId));
  const connection = useConnections((s) => s.connections.find((item) => item.id === environment?.connectionId));
  const stepUpEverywhere = useSettings((s) => s.settings?.stepUpEverywhere === true);
  const [shape, setShape] = useState<Shape | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [copied, setCopied] = useState<Copied | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState<string | undefined>(undefined);
  // Re-rendered once after a mask, so React's previous copy of this component's state goes too.
  const [, setFlush] = useState(0);
  const headingId = useId();
  const where = [connection?.name, environment?.name].filter(Boolean).join(' / ');
  const needsStepUp = environment?.protected === true || stepUpEverywhere;

  const mask = () => {
    setShown(null);
    setTimeout(() => setFlush((n) => n + 1), 0);
  };

  useEffect(
    () =>
      api.on('app:locked', () => {
        setShown(null);
        setCopied(null);
      }),
    [],
  );

  const what = (target: Target) => (target === null ? name : `${target} of ${name}`);

  const reveal = async (target: Target) => {
    setBusy(`reveal:${target ?? ''}`);
    setError(null);
    const result = await withStepUp(
      (why) => api.secrets.reveal({ environmentId, name, ...(target !== null ? { field: target } : {}), ...(why ? { reason: why } : {}) }),
      { purpose: `Reveal ${what(target)}${where ? ` in ${where}` : ''}.`, askReason: true, reason },
    );
    setBusy(null);
    if (!result.ok) {
      if (result.error && result.error.code !== 'LOCKED') setError(problem(result.error));
      return;
    }
    if (result.reason !== undefined) setReason(result.reason);
    const answer = result.value;
    const until = coreNow() + answer.revealSeconds * 1000;
    if (target === null) setShape({ kind: answer.kind, fields: answer.fields ? Object.keys(answer.fields) : [] });
    setShown(answer.fields ? { target, fields: answer.fields, until } : { target, text: answer.value ?? '', until });
  };

  const copy = async (target: Target) => {
    setBusy(`copy:${target ?? ''}`);
    setError(null);
    const result = await withStepUp(
      (why) => api.secrets.copy({ environmentId, name, ...(target !== null ? { field: target } : {}), ...(why ? { reason: why } : {}) }),
      { purpose: `Copy ${what(target)}${where ? ` from ${where}` : ''}.`, askReason: true, reason },
    );
    setBusy(null);
    if (!result.ok) {
      if (result.error && result.error.code !== 'LOCKED') setError(problem(result.error));
      return;
    }
    if (result.reason !== undefined) setReason(result.reason);
    setCopied({ target, clearsAt: Date.parse(result.value.clearsAt) });
  };

  /** Reveal and Copy for the whole value (labelled), or icon buttons named for one field. */
  const buttons = (target: Target) => (
    <span className="value-buttons">
      <button
        type="button"
        className={target === null ? 'button button-small' : 'icon-button'}
        title={target === null ? undefined : 'Reveal'}
        disabled={busy !== null}
        onClick={() => void reveal(target)}
      >
        {busy === `reveal:${target ?? ''}` ? <Spinner /> : <EyeIcon />}
        {target === null ? 'Reveal' : <span className="visually-hidden">Reveal {target}</span>}
      </button>
      <button
        type="button"
        className={target === null ? 'button button-small' : 'icon-button'}
        title={target === null ? undefined : 'Copy'}
        disabled={busy !== null}
        onClick={() => void copy(target)}
      >
        {busy === `copy:${target ?? ''}` ? <Spinner /> : <CopyIcon />}
        {target === null ? 'Copy' : <span className="visually-hidden">Copy {target}</span>}
      </button>
    </span>
  );
  const copiedNote = (target: Target) => copied?.target === target && <CopiedNote clearsAt={copied.clearsAt} onDone={() => setCopied(null)} />;

  const textOf = (target: Target): string | undefined => {
    if (!shown) return undefined;
    if (target === null) return shown.target === null ? shown.text : undefined;
    if (shown.target === target) return shown.text;
    return shown.target === null ? shown.fields?.[target] : undefined;
  };

  const fields = shape?.kind === 'fields' && shape.fields.length > 0 ? shape.fields : null;

  return (
    <section className="secret-value" aria-labelledby={headingId}>
      <div className="value-head">
        <h3 id={headingId}>Value</h3>
        {needsStepUp && (
          <Badge tone="warn">
            <ShieldIcon size={11} /> needs step-up
          </Badge>
        )}
        {shape?.kind === 'binary' && <Badge>binary · base64</Badge>}
        {shown && <MaskCountdown until={shown.until} onDone={mask} />}
      </div>
      {fields ? (
        <>
          <div className="value-all">
            <span className="muted small">
              {fields.length === 1 ? '1 field' : `${fields.length} fields`} {copiedNote(null)}
            </span>
            <span className="value-buttons">
              <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void reveal(null)}>
                <EyeIcon />
                Reveal all
              </button>
              <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void copy(null)}>
                <CopyIcon />
                Copy all as JSON
              </button>
            </span>
          </div>
          <table className="table compact value-table">
            <tbody>
              {fields.map((field) => (
                <tr key={field}>
                  <th scope="row" className="mono">
                    {field}
                  </th>
                  <td>
                    <ValueText text={textOf(field)} />
                    {copiedNote(field)}
                  </td>
                  <td className="value-row-buttons">{buttons(field)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <div className="value-single">
          <div className="value-cell">
            <ValueText text={textOf(null)} />
            {copiedNote(null)}
          </div>
          {buttons(null)}
        </div>
      )}
      {shape?.kind === 'binary' && <p className="muted small">A binary value: shown and copied as base64.</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {reason !== undefined && <p className="muted small">Reason recorded with each reveal and copy here: “{reason}”</p>}
    </section>
  );
}

/** Revealed text in a monospace block, or the mask. Nothing about the value in any attribute. */
function ValueText({ text }: { text: string | undefined }) {
  if (text === undefined) {
    return (
      <span className="value-mask" data-state="masked">
        <span aria-hidden="true">{MASK}</span>
        <span className="visually-hidden">hidden</span>
      </span>
    );
  }
  return (
    <pre className="value-text mono" data-state="revealed">
      {text === '' ? <span className="muted">(empty)</span> : text}
    </pre>
  );
}

function MaskCountdown({ until, onDone }: { until: number; onDone(): void }) {
  const now = useCoreNow();
  const left = until - now;
  useEffect(() => {
    if (left <= 0) onDone();
  }, [left, onDone]);
  return (
    <span className="value-countdown" role="timer">
      masks in {remaining(left)}
    </span>
  );
}

function CopiedNote({ clearsAt, onDone }: { clearsAt: number; onDone(): void }) {
  const now = useCoreNow();
  const left = clearsAt - now;
  useEffect(() => {
    if (left <= 0) onDone();
  }, [left, onDone]);
  return (
    <span className="copied-note" role="status">
      Copied · clears in {Math.max(0, Math.ceil(left / 1000))} s
    </span>
  );
}
