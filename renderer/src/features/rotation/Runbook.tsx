import { useState } from 'react';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import { useRotation } from '../../stores/rotation';
import { Badge } from '../../ui/Badge';
import { TextField } from '../../ui/fields';
import { shortTime } from '../../ui/format';
import { kindText } from './native-text';
import { STATUS } from './RotationPage';
import { STEP_TONE } from './step-tone';

const CONFIRM_TEXT = {
  apply:
    'Apply the new credential to the target. Applications keep working only if the target accepts it; a failed validation puts the old one back.',
  promote: 'Make the new value current in the secret store. Applications that read the secret from now on get the new credential.',
} as const;

/** One rotation's steps: what each will do, then what it did; the confirmations where it waits. */
export function Runbook({ rotation }: { rotation: RotationView }) {
  const busy = useRotation((s) => s.busy);
  const open = ['awaiting-confirmation', 'interrupted'].includes(rotation.status);
  return (
    <div className="runbook">
      <header className="runbook-head">
        <h2 className="mono">{rotation.name}</h2>
        {rotation.field && <span className="muted">field {rotation.field}</span>}
        <Badge tone={STATUS[rotation.status].tone}>{STATUS[rotation.status].label}</Badge>
        {rotation.protected && <Badge tone="warn">protected</Badge>}
        <span className="muted">{kindText(rotation)}</span>
        {open && (
          <button
            type="button"
            className="button button-danger runbook-abort"
            disabled={busy}
            onClick={() => void useRotation.getState().abort(rotation.id)}
          >
            Undo and abort
          </button>
        )}
      </header>
      {rotation.error && (
        <p className={rotation.status === 'failed' ? 'form-error' : 'runbook-error'} role="status">
          {rotation.error.message}
        </p>
      )}
      <ol className="runbook-steps">
        {rotation.steps.map((step) => (
          <li key={step.name} className={`runbook-step step-${step.status}`}>
            <div className="runbook-step-head">
              <strong>{step.name}</strong>
              {rotation.status === 'interrupted' && step.status === 'running' ? (
                <Badge tone="danger">cut off here</Badge>
              ) : (
                <Badge tone={STEP_TONE[step.status]}>{step.status}</Badge>
              )}
              {step.at && <span className="muted">{shortTime(step.at)}</span>}
            </div>
            <p>
              <span className="runbook-label">Will</span> {step.plan}
            </p>
            {step.result && (
              <p>
                <span className="runbook-label">Did</span> {step.result}
              </p>
            )}
            {rotation.status === 'awaiting-confirmation' && rotation.awaiting === step.name && (
              <Confirm rotation={rotation} step={rotation.awaiting} />
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Confirm({ rotation, step }: { rotation: RotationView; step: 'apply' | 'promote' }) {
  const busy = useRotation((s) => s.busy);
  const [code, setCode] = useState('');
  const [ticked, setTicked] = useState<boolean[]>(() => rotation.checklist.map(() => false));
  const checklist = step === 'promote' && rotation.target === 'none';
  const ready = (!rotation.protected || code.trim() !== '') && (!checklist || ticked.every(Boolean));
  return (
    <form
      className="runbook-confirm"
      aria-label={`Confirm ${step}`}
      onSubmit={(event) => {
        event.preventDefault();
        void useRotation
          .getState()
          .confirm(rotation.id, step, code, checklist ? ticked : undefined)
          .then(() => setCode(''));
      }}
    >
      <p>{CONFIRM_TEXT[step]}</p>
      {checklist && (
        <fieldset className="runbook-checklist">
          <legend>Tick each item once it is done</legend>
          {rotation.checklist.map((item, index) => (
            <label key={index}>
              <input
                type="checkbox"
                checked={ticked[index] ?? false}
                onChange={(event) => setTicked(ticked.map((t, i) => (i === index ? event.target.checked : t)))}
              />
              {item}
            </label>
          ))}
        </fieldset>
      )}
      {rotation.protected && <TextField label="A fresh code from your authenticator (protected path)" value={code} onChange={setCode} secret mono />}
      <button type="submit" className="button button-primary" disabled={busy || !ready}>
        {busy ? 'Working…' : step === 'apply' ? 'Confirm apply' : 'Confirm promote'}
      </button>
    </form>
  );
}
