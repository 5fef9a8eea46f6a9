import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { codeProblem } from './mfa-text';
import './mfa.css';

export interface Proof {
  code?: string;
  recoveryCode?: string;
}

interface ProofFormProps {
  submitLabel: string;
  /** Offer "use a recovery code instead" (unlock and re-enrollment; a step-up takes a code only). */
  allowRecovery?: boolean;
  /** Codes are refused for now (lockout): the fields stay, the button waits. */
  blocked?: boolean;
  /** The refusal of the last attempt, in plain words. */
  error: string | null;
  /** Resolves true when accepted; on a refusal the parent sets `error` and the typed code is cleared. */
  onSubmit(proof: Proof): Promise<boolean>;
  onCancel?: () => void;
  /** Fields shown above the code (the step-up's reason). */
  children?: ReactNode;
  /** A line between the fields and the buttons (a lockout countdown). */
  note?: ReactNode;
  /** The submit button undoes protection (turning two-factor off): drawn as a danger. */
  danger?: boolean;
}

/**
 * A code from the authenticator (or a recovery code), as typed: numeric keyboard, the platform's
 * one-time-code autofill, never remembered or spell-checked. The typed code is dropped after each
 * attempt.
 */
export function ProofForm({
  submitLabel,
  allowRecovery = false,
  blocked = false,
  error,
  onSubmit,
  onCancel,
  children,
  note,
  danger = false,
}: ProofFormProps) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const shown = local ?? error;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || blocked) return;
    const typed = code.trim();
    const problem = useRecovery ? (typed === '' ? 'Enter one of your recovery codes.' : null) : codeProblem(typed);
    setLocal(problem);
    if (problem) return;
    setBusy(true);
    const ok = await onSubmit(useRecovery ? { recoveryCode: typed } : { code: typed.replace(/[\s-]/g, '') });
    setBusy(false);
    if (!ok) setCode('');
  };

  return (
    <form className="form proof-form" onSubmit={(event) => void submit(event)} noValidate>
      {children}
      <div className="field">
        <label htmlFor={id}>{useRecovery ? 'Recovery code' : 'Code from your authenticator'}</label>
        <input
          id={id}
          key={useRecovery ? 'recovery' : 'code'}
          className={useRecovery ? 'mono proof-recovery' : 'mono proof-code'}
          type="text"
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete={useRecovery ? 'off' : 'one-time-code'}
          maxLength={useRecovery ? 32 : 7}
          placeholder={useRecovery ? 'xxxx-xxxx-xxxx' : '123456'}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={code}
          onChange={(event) => {
            setCode(event.target.value);
            setLocal(null);
          }}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? `${id}-e` : undefined}
          data-autofocus={children ? undefined : ''}
        />
        {shown && (
          <span className="field-error" id={`${id}-e`} role="alert">
            {shown}
          </span>
        )}
      </div>
      {allowRecovery && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setCode('');
            setLocal(null);
          }}
        >
          {useRecovery ? 'Use a code from your authenticator instead' : 'Use a recovery code instead'}
        </button>
      )}
      {note}
      <div className="dialog-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className={danger ? 'button button-danger' : 'button button-primary'} disabled={busy || blocked}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
