import { useId, useState, type FormEvent } from 'react';
import { usePolicies, type PolicyOutcome, type PolicyTarget } from '../../stores/policies';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/fields';
import { Spinner } from '../../ui/Spinner';

const PRESETS = [30, 60, 90] as const;
const MAX_DAYS = 3650;

function initialChoice(current: number | undefined): string {
  if (current === undefined) return '90';
  return (PRESETS as readonly number[]).includes(current) ? String(current) : 'custom';
}

/**
 * Sets or clears Keyhole's interval on one environment or one secret, with a reason for the audit
 * log. Lengthening or clearing on a protected environment asks for a step-up (or a fresh code).
 */
export function PolicyDialog({ target }: { target: PolicyTarget }) {
  const close = () => usePolicies.getState().edit(null);
  const [choice, setChoice] = useState(initialChoice(target.current));
  const [custom, setCustom] = useState(target.current !== undefined ? String(target.current) : '');
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const customId = useId();
  const days = choice === 'custom' ? Number(custom) : Number(choice);
  const valid = Number.isInteger(days) && days >= 1 && days <= MAX_DAYS;
  const kind = target.scope.kind === 'environment' ? 'environment' : 'secret';
  // Where a change could lengthen or clear what applies on a protected path, main wants a fresh code with it.
  const applies = target.current ?? target.inherited;
  const codeField = needsCode || (target.protected && applies !== undefined);

  const run = async (action: () => Promise<PolicyOutcome>) => {
    setBusy(true);
    setMessage(null);
    const outcome = await action();
    setBusy(false);
    if (outcome.ok) {
      close();
      return;
    }
    setMessage(outcome.message);
    if (outcome.needsCode) setNeedsCode(true);
    setCode('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || busy) return;
    void run(() => usePolicies.getState().save(target, days, reason, code));
  };

  return (
    <Dialog
      title={`Rotation policy: ${target.label}`}
      onClose={close}
      size="small"
      description={
        kind === 'environment'
          ? 'Keyhole’s interval for every secret in this environment; a secret’s own policy or a provider schedule takes precedence.'
          : 'Keyhole’s interval for this secret; an AWS rotation schedule takes precedence while rotation is on.'
      }
    >
      <form className="form policy-form" onSubmit={submit}>
        <fieldset className="form-section policy-choices">
          <legend>Rotate every</legend>
          {PRESETS.map((preset) => (
            <label key={preset} className="inline-check">
              <input type="radio" name="interval" value={preset} checked={choice === String(preset)} onChange={() => setChoice(String(preset))} />
              {preset} days
            </label>
          ))}
          <label className="inline-check">
            <input type="radio" name="interval" value="custom" checked={choice === 'custom'} onChange={() => setChoice('custom')} />
            Custom
          </label>
          {choice === 'custom' && (
            <span className="policy-custom">
              <label htmlFor={customId}>Custom interval in days</label>
              <input
                id={customId}
                type="number"
                min={1}
                max={MAX_DAYS}
                step={1}
                value={custom}
                onChange={(event) => setCustom(event.target.value)}
                aria-invalid={custom !== '' && !valid ? true : undefined}
              />
            </span>
          )}
        </fieldset>
        {choice === 'custom' && custom !== '' && !valid && <p className="field-error">Enter a whole number of days from 1 to {MAX_DAYS}.</p>}
        <TextField label="Reason (recorded in the audit log)" value={reason} onChange={setReason} />
        {codeField && (
          <TextField
            label="A fresh code from your authenticator"
            hint={`Needed to lengthen or clear the interval: ${target.label} is protected.`}
            value={code}
            onChange={setCode}
            secret
            mono
          />
        )}
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
        <div className="dialog-actions">
          {busy && <Spinner />}
          {target.current !== undefined && (
            <button
              type="button"
              className="button button-quiet-danger"
              disabled={busy}
              onClick={() => void run(() => usePolicies.getState().clear(target, reason, code))}
            >
              Clear {kind} policy
            </button>
          )}
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !valid}>
            Save policy
          </button>
        </div>
      </form>
    </Dialog>
  );
}
