import { useState } from 'react';
import { api } from '../../api';
import { shownError } from '../../errors';
import { coreNow, useMfa } from '../../stores/mfa';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { LockoutNote, WithLockout } from './Lockout';
import { mfaErrorText } from './mfa-text';
import { ProofForm, type Proof } from './ProofForm';

/** Turning two-factor off names what it costs, and takes a current code or a recovery code (a lost phone). */
export function TurnOffDialog({ onClose }: { onClose(): void }) {
  const [error, setError] = useState<string | null>(null);
  const push = useNotices((s) => s.push);

  const turnOff = async (proof: Proof) => {
    try {
      await api.mfa.disable(proof.recoveryCode !== undefined ? { recoveryCode: proof.recoveryCode } : { code: proof.code ?? '' });
      await useMfa.getState().load();
      onClose();
      push('info', 'Two-factor authentication is off');
      return true;
    } catch (caught) {
      await useMfa.getState().load();
      setError(mfaErrorText(shownError(caught), useMfa.getState().status, coreNow(), proof.recoveryCode !== undefined));
      return false;
    }
  };

  return (
    <Dialog
      title="Turn off two-factor authentication"
      role="alertdialog"
      onClose={onClose}
      description="Reveals and changes in protected environments will be refused until you set it up again. Keyhole stops locking itself, and forgets the authenticator's key and your recovery codes."
    >
      <WithLockout>
        {(lockout) => (
          <ProofForm
            submitLabel="Turn off"
            allowRecovery
            danger
            error={error}
            onSubmit={turnOff}
            onCancel={onClose}
            blocked={lockout !== null}
            note={<LockoutNote text={lockout} />}
          />
        )}
      </WithLockout>
    </Dialog>
  );
}
