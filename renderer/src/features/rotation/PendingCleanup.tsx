import { useState, type ReactNode } from 'react';
import type { NativeInfo } from '../../../../shared/ipc/channels/rotation';
import { useRotation } from '../../stores/rotation';
import { TextField } from '../../ui/fields';
import { shortVersion } from './native-text';

interface Props {
  secret: { environmentId: string; name: string };
  version: string;
  /** The path is protected: the removal needs a fresh code. */
  protectedPath: boolean;
  /** The region's name, for screen readers and specs. */
  label: string;
  children: ReactNode;
  onCleaned(info: NativeInfo): void;
}

/**
 * An AWSPENDING label left on a version that is not current blocks every later RotateSecret:
 * says so and offers to remove the label (rotation:cleanPending). The version and its value stay.
 * Not a form: it sits inside the plan form.
 */
export function PendingCleanup({ secret, version, protectedPath, label, children, onCleaned }: Props) {
  const busy = useRotation((s) => s.busy);
  const codeAsked = useRotation((s) => s.errorCode === 'MFA_CODE_REQUIRED');
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const needsCode = protectedPath || codeAsked;
  const remove = async () => {
    const info = await useRotation.getState().cleanPending(secret, version, needsCode ? code : '', reason);
    setCode('');
    if (info) onCleaned(info);
  };
  return (
    <section className="rotation-pending" aria-label={label}>
      {children}
      <div className="rotation-pending-form">
        <TextField label="Reason for removing the label (audited)" value={reason} onChange={setReason} />
        {needsCode && <TextField label="A fresh code from your authenticator (protected path)" value={code} onChange={setCode} secret mono />}
        <button type="button" className="button" disabled={busy || (needsCode && code.trim() === '')} onClick={() => void remove()}>
          Remove AWSPENDING from version {shortVersion(version)}
        </button>
      </div>
    </section>
  );
}
