import { useId, useState } from 'react';
import { api } from '../../api';
import { shownError } from '../../errors';
import { coreNow, useMfa, type StepUpOptions } from '../../stores/mfa';
import { useNav } from '../../stores/nav';
import { useSettings } from '../../stores/settings';
import { Dialog } from '../../ui/Dialog';
import { plural } from '../../ui/format';
import { LockoutNote, WithLockout } from './Lockout';
import { mfaErrorText } from './mfa-text';
import { ProofForm } from './ProofForm';

/** The one step-up dialog: any feature asks for it with useMfa().requestStepUp(). */
export function StepUpDialog() {
  const request = useMfa((s) => s.stepUp);
  if (!request) return null;
  return <StepUp key={request.id} options={request} />;
}

function StepUp({ options }: { options: StepUpOptions }) {
  const status = useMfa((s) => s.status);
  const settle = useMfa((s) => s.settleStepUp);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const stepUpMinutes = useSettings((s) => s.settings?.stepUpMinutes);
  const cancel = () => settle(null);

  if (status && !status.enrolled) {
    return (
      <Dialog title="Step-up needs two-factor authentication" onClose={cancel} size="small" description={options.purpose}>
        <p className="alertdialog-body">
          This needs a step-up with a code from your authenticator, and two-factor authentication is not set up yet. Set it up first; nothing was
          done.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            data-autofocus
            onClick={() => {
              cancel();
              useNav.getState().go('settings');
              useMfa.getState().setEnrollOpen(true);
            }}
          >
            Set up two-factor authentication
          </button>
        </div>
      </Dialog>
    );
  }

  const submit = async ({ code }: { code?: string }) => {
    try {
      await api.mfa.stepUp({ code: code ?? '' });
      const trimmed = reason.trim();
      settle(trimmed === '' ? {} : { reason: trimmed });
      return true;
    } catch (caught) {
      await useMfa.getState().load();
      setError(mfaErrorText(shownError(caught), useMfa.getState().status, coreNow()));
      return false;
    }
  };

  return (
    <Dialog title="Step up with your second factor" onClose={cancel} size="small" description={options.purpose}>
      <WithLockout>
        {(lockout) => (
          <ProofForm
            submitLabel="Step up"
            error={error}
            onSubmit={submit}
            onCancel={cancel}
            blocked={lockout !== null}
            note={<LockoutNote text={lockout} />}
          >
            {options.askReason && (
              <div className="field">
                <label htmlFor={reasonId}>Reason</label>
                <input
                  id={reasonId}
                  type="text"
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                  placeholder="e.g. INC-2041: checking the rotated password"
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby={`${reasonId}-d`}
                  data-autofocus
                />
                <span className="field-hint" id={`${reasonId}-d`}>
                  Recorded in the audit log with this action.
                </span>
              </div>
            )}
          </ProofForm>
        )}
      </WithLockout>
      <p className="stepup-note muted small">
        The step-up lasts {stepUpMinutes === undefined ? 'a few minutes' : plural(stepUpMinutes, 'minute')} for everything that needs one, and ends
        when Keyhole locks.
      </p>
    </Dialog>
  );
}
