import { useState } from 'react';
import { api } from '../../api';
import { shownError } from '../../errors';
import { coreNow, useMfa } from '../../stores/mfa';
import { Dialog } from '../../ui/Dialog';
import { LockoutNote, WithLockout } from './Lockout';
import { mfaErrorText } from './mfa-text';
import { ProofForm, type Proof } from './ProofForm';
import { RecoveryCodes, SAVE_CODES_FIRST } from './RecoveryCodes';

/**
 * New recovery codes for a current code from the authenticator (a recovery code cannot make new
 * ones). Mounted while open: the codes live in its state only and go with it.
 */
export function NewRecoveryCodesDialog({ onClose }: { onClose(): void }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);

  const make = async ({ code }: Proof) => {
    try {
      const { recoveryCodes } = await api.mfa.regenerateRecoveryCodes({ code: code ?? '' });
      setCodes(recoveryCodes);
      return true;
    } catch (caught) {
      await useMfa.getState().load();
      setError(mfaErrorText(shownError(caught), useMfa.getState().status, coreNow()));
      return false;
    }
  };

  return (
    <Dialog title="New recovery codes" onClose={() => (codes ? setWarning(SAVE_CODES_FIRST) : onClose())} size={codes ? 'large' : 'medium'}>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          lead="New recovery codes are ready, and the old ones no longer work. Save these somewhere safe, away from this computer: each one unlocks Keyhole once if you lose your authenticator. They are shown only now."
          warning={warning}
          notice="New recovery codes are in use"
          onDone={onClose}
        />
      ) : (
        <>
          <p className="dialog-description">
            Ten new codes replace all of your recovery codes at once: the old ones, used or not, stop working. Confirm with a current code from your
            authenticator.
          </p>
          <WithLockout>
            {(lockout) => (
              <ProofForm
                submitLabel="Make new codes"
                error={error}
                onSubmit={make}
                onCancel={onClose}
                blocked={lockout !== null}
                note={<LockoutNote text={lockout} />}
              />
            )}
          </WithLockout>
        </>
      )}
    </Dialog>
  );
}
