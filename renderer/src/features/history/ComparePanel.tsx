import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useHistory, type ShownValues } from '../../stores/history';
import { Spinner } from '../../ui/Spinner';
import { withStepUp } from '../mfa/with-step-up';
import { FieldStatuses } from './FieldStatuses';
import { lineDiff, short } from './timeline';

/** Two versions compared: statuses from main first; the values side by side only on request. */
export function ComparePanel() {
  const { target, opened, a, b, comparison, comparing, compareError, shown } = useHistory();
  const [valuesError, setValuesError] = useState<string | null>(null);
  const [loadingValues, setLoadingValues] = useState(false);
  if (!target || !opened) return null;

  const showValues = async () => {
    if (a === null || b === null) return;
    setValuesError(null);
    setLoadingValues(true);
    const result = await withStepUp((reason) => api.history.compareValues({ ...target, from: a, to: b, ...(reason ? { reason } : {}) }), {
      purpose: `Show versions ${short(a)} and ${short(b)} of ${target.name} in ${opened.environmentName}`,
      askReason: true,
    });
    setLoadingValues(false);
    if (result.ok) useHistory.getState().setShown(result.value);
    else if (result.error) setValuesError(result.error.message);
  };

  return (
    <section className="compare-panel" aria-label="Compare versions">
      <div className="compare-head">
        <span>
          Compare <span className="mono">{a === null ? '—' : short(a)}</span> → <span className="mono">{b === null ? '—' : short(b)}</span>
        </span>
        <button
          type="button"
          className="button"
          disabled={a === null || b === null || comparing}
          onClick={() => void useHistory.getState().compare()}
        >
          Compare
        </button>
        {comparison && !shown && (
          <button type="button" className="button" disabled={loadingValues} onClick={() => void showValues()}>
            {loadingValues ? 'Reading…' : 'Show values'}
          </button>
        )}
        {shown && (
          <button type="button" className="button" onClick={() => useHistory.getState().dropShown()}>
            Hide values
          </button>
        )}
      </div>
      {comparing && (
        <p className="muted" role="status">
          <Spinner /> Comparing by fingerprint…
        </p>
      )}
      {compareError && (
        <p className="form-error" role="alert">
          {compareError}
        </p>
      )}
      {valuesError && (
        <p className="form-error" role="alert">
          {valuesError}
        </p>
      )}
      {comparison && !shown && <FieldStatuses comparison={comparison} fromLabel={short(comparison.from)} toLabel={short(comparison.to)} />}
      {shown && <SideBySide shown={shown} />}
    </section>
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

function fieldsOf(value: ShownValues['from']): Record<string, string> {
  return value.fields ?? { '': value.value ?? '' };
}

function SideBySide({ shown }: { shown: ShownValues }) {
  const from = fieldsOf(shown.from);
  const to = fieldsOf(shown.to);
  const names = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return (
    <div className="side-by-side" data-testid="side-by-side">
      <p>
        <span className="mono">{short(shown.from.version)}</span> → <span className="mono">{short(shown.to.version)}</span> ·{' '}
        <Countdown until={shown.dropsAt} />
      </p>
      {names.map((name) => {
        const left = from[name];
        const right = to[name];
        return (
          <div className="value-diff" key={name}>
            <div className="mono value-diff-name">{name === '' ? '(value)' : name}</div>
            <pre className="value-diff-lines mono">
              {lineDiff(left ?? '', right ?? '').map((line, index) => (
                <div key={index} className={`diff-line diff-${line.op}`}>
                  <span aria-hidden="true">{line.op === 'add' ? '+ ' : line.op === 'del' ? '− ' : '  '}</span>
                  {line.text}
                </div>
              ))}
            </pre>
            {left === undefined && <span className="muted">added in {short(shown.to.version)}</span>}
            {right === undefined && <span className="muted">removed in {short(shown.to.version)}</span>}
          </div>
        );
      })}
    </div>
  );
}
