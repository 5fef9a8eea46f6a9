import { useEffect, useId, useState } from 'react';
import { api } from '../../api';
import { shownError } from '../../errors';
import { coreNow, useMfa } from '../../stores/mfa';
import { Dialog } from '../../ui/Dialog';
import { Spinner } from '../../ui/Spinner';
import { mfaErrorText } from './mfa-text';
import { ProtectionStatement } from './ProtectionStatement';
import { ProofForm, type Proof } from './ProofForm';
import { RecoveryCodes, SAVE_CODES_FIRST } from './RecoveryCodes';
import { LockoutNote, WithLockout } from './Lockout';

interface Pending {
  enrollmentId: string;
  account: string;
  secret: string;
  qrDataUrl: string;
}

type Step =
  | { kind: 'authorize' }
  | { kind: 'starting' }
  | { kind: 'failed'; message: string }
  | { kind: 'scan'; pending: Pending }
  | { kind: 'codes'; codes: string[] };

/** Mounted while open; the secret and the recovery codes live in its state only and go with it. */
export function EnrollDialog() {
  const open = useMfa((s) => s.enrollOpen);
  if (!open) return null;
  return <Enroll />;
}

function Enroll() {
  const enrolled = useMfa((s) => s.status?.enrolled === true);
  const close = () => useMfa.getState().setEnrollOpen(false);
  const [reenroll] = useState(enrolled);
  const [step, setStep] = useState<Step>(reenroll ? { kind: 'authorize' } : { kind: 'starting' });
  const [warning, setWarning] = useState<string | null>(null);
  const title = reenroll ? 'Set up a new authenticator' : 'Set up two-factor authentication';

  useEffect(() => {
    if (reenroll) return;
    let live = true;
    api.mfa.beginEnrollment({}).then(
      (enrollment) => {
        if (live) setStep({ kind: 'scan', pending: pick(enrollment) });
      },
      (caught: unknown) => {
        if (live) setStep({ kind: 'failed', message: mfaErrorText(shownError(caught), null, coreNow()) });
      },
    );
    return () => {
      live = false;
    };
  }, [reenroll]);

  const onClose = () => {
    if (step.kind === 'codes') {
      setWarning(SAVE_CODES_FIRST);
      return;
    }
    close();
  };

  return (
    <Dialog title={title} onClose={onClose} size="large">
      {step.kind === 'authorize' && <Authorize onStarted={(pending) => setStep({ kind: 'scan', pending })} onCancel={close} />}
      {step.kind === 'starting' && (
        <p className="alertdialog-body muted" role="status">
          <Spinner /> Making a new secret…
        </p>
      )}
      {step.kind === 'failed' && (
        <>
          <p className="form-error alertdialog-body" role="alert">
            Two-factor authentication could not be set up: {step.message}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close} data-autofocus>
              Close
            </button>
          </div>
        </>
      )}
      {step.kind === 'scan' && <Scan pending={step.pending} onConfirmed={(codes) => setStep({ kind: 'codes', codes })} onCancel={close} />}
      {step.kind === 'codes' && (
        <RecoveryCodes
          codes={step.codes}
          lead="Two-factor authentication is on. Save these recovery codes somewhere safe, away from this computer: each one unlocks Keyhole once if you lose your authenticator. They are shown only now."
          warning={warning}
          notice="Two-factor authentication is on"
          onDone={close}
        />
      )}
    </Dialog>
  );
}

function pick(enrollment: Pending): Pending {
  // Only what the dialog shows: the otpauth URI stays out of renderer state.
  return { enrollmentId: enrollment.enrollmentId, account: enrollment.account, secret: enrollment.secret, qrDataUrl: enrollment.qrDataUrl };
}

/** Re-enrollment replaces the current authenticator, so it needs a current code or a recovery code first. */
function Authorize({ onStarted, onCancel }: { onStarted(pending: Pending): void; onCancel(): void }) {
  const [error, setError] = useState<string | null>(null);
  const begin = async (proof: Proof) => {
    try {
      const enrollment = await api.mfa.beginEnrollment(
        proof.recoveryCode !== undefined ? { recoveryCode: proof.recoveryCode } : { code: proof.code ?? '' },
      );
      onStarted(pick(enrollment));
      return true;
    } catch (caught) {
      await useMfa.getState().load();
      setError(mfaErrorText(shownError(caught), useMfa.getState().status, coreNow(), proof.recoveryCode !== undefined));
      return false;
    }
  };
  return (
    <>
      <p className="dialog-description">
        A new authenticator replaces the current one, and new recovery codes replace the old ones. First confirm it is you with a current code or a
        recovery code.
      </p>
      <WithLockout>
        {(lockout) => (
          <ProofForm
            submitLabel="Continue"
            allowRecovery
            error={error}
            onSubmit={begin}
            onCancel={onCancel}
            blocked={lockout !== null}
            note={<LockoutNote text={lockout} />}
          />
        )}
      </WithLockout>
    </>
  );
}

function Scan({ pending, onConfirmed, onCancel }: { pending: Pending; onConfirmed(codes: string[]): void; onCancel(): void }) {
  const [error, setError] = useState<string | null>(null);
  const keyLabel = useId();
  const confirm = async ({ code }: Proof) => {
    try {
      const { recoveryCodes } = await api.mfa.confirmEnrollment({ enrollmentId: pending.enrollmentId, code: code ?? '' });
      onConfirmed(recoveryCodes);
      return true;
    } catch (caught) {
      const shown = shownError(caught);
      setError(
        shown.code === 'NOT_FOUND'
          ? 'This setup has expired (it lasts ten minutes). Close this and start again.'
          : mfaErrorText(shown, null, coreNow()),
      );
      return false;
    }
  };
  return (
    <div className="enroll">
      <ProtectionStatement compact />
      <div className="enroll-grid">
        <img className="enroll-qr" src={pending.qrDataUrl} width={168} height={168} alt="QR code that adds Keyhole to an authenticator app" />
        <div className="enroll-steps">
          <ol>
            <li>Scan the QR code with an authenticator app, or type the setup key into it by hand.</li>
            <li>Enter the 6-digit code it shows, to turn two-factor authentication on.</li>
          </ol>
          <p className="enroll-key-label" id={keyLabel}>
            Setup key
          </p>
          <div className="enroll-key" role="group" aria-labelledby={keyLabel}>
            <code className="mono">{pending.secret.match(/.{1,4}/g)?.join(' ')}</code>
          </div>
          <p className="muted small">
            Select the key to copy it by hand: Keyhole never puts it on the clipboard. It appears as “{pending.account}” under Keyhole.
          </p>
        </div>
      </div>
      <ProofForm submitLabel="Turn on" error={error} onSubmit={confirm} onCancel={onCancel} />
    </div>
  );
}
