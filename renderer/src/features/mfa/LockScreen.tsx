import { useId, useState } from 'react';
import { api } from '../../api';
import { shownError } from '../../errors';
import { coreNow, useMfa } from '../../stores/mfa';
import { ShieldIcon } from '../../ui/icons';
import { mfaErrorText } from './mfa-text';
import { ProtectionStatement } from './ProtectionStatement';
import { ProofForm, type Proof } from './ProofForm';
import { LockoutNote, WithLockout } from './Lockout';

const WHY = {
  command: 'Locked on request.',
  idle: 'Keyhole locked itself after a while without activity.',
  startup: 'Keyhole starts locked once two-factor authentication is set up.',
} as const;

/**
 * Replaces the whole window while locked: no page, no revealed value, nothing that polls (main
 * answers LOCKED to everything but status, unlock and activity). A code or a recovery code unlocks.
 */
export function LockScreen() {
  const status = useMfa((s) => s.status);
  const reason = useMfa((s) => s.lockReason);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();

  const unlock = async (proof: Proof) => {
    try {
      await api.app.unlock(proof.recoveryCode !== undefined ? { recoveryCode: proof.recoveryCode } : { code: proof.code ?? '' });
      await useMfa.getState().load();
      return true;
    } catch (caught) {
      await useMfa.getState().load();
      setError(mfaErrorText(shownError(caught), useMfa.getState().status, coreNow(), proof.recoveryCode !== undefined));
      return false;
    }
  };

  return (
    <main className="lock-screen" aria-labelledby={headingId}>
      <div className="lock-card">
        <div className="lock-mark" aria-hidden="true">
          <ShieldIcon size={22} />
        </div>
        <h1 id={headingId}>Keyhole is locked</h1>
        <p className="muted">{WHY[reason]} Enter a code from your authenticator to continue.</p>
        <WithLockout>
          {(lockout) => (
            <ProofForm
              submitLabel="Unlock"
              allowRecovery
              error={error}
              onSubmit={unlock}
              blocked={lockout !== null}
              note={<LockoutNote text={lockout} />}
            />
          )}
        </WithLockout>
        {status && status.recoveryCodesRemaining <= 3 && (
          <p className="muted small">
            {status.recoveryCodesRemaining === 0
              ? 'No recovery codes are left: set up a new authenticator soon after unlocking.'
              : `${status.recoveryCodesRemaining} recovery codes left.`}
          </p>
        )}
        <ProtectionStatement compact />
      </div>
    </main>
  );
}
