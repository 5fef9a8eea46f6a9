import { useId, useState, type ReactNode } from 'react';
import { useNotices } from '../../stores/notices';
import { CheckField } from '../../ui/fields';

interface RecoveryCodesProps {
  codes: string[];
  /** What just happened and what the codes are for, read as a status when it appears. */
  lead: ReactNode;
  /** Set when the operator tried to close before saving them. */
  warning: string | null;
  /** The notice once they are saved. */
  notice: string;
  onDone(): void;
}

/** Recovery codes, shown this once: Done waits until the operator says they are saved. */
export function RecoveryCodes({ codes, lead, warning, notice, onDone }: RecoveryCodesProps) {
  const [saved, setSaved] = useState(false);
  const push = useNotices((s) => s.push);
  const listLabel = useId();
  return (
    <div className="enroll">
      <p className="dialog-description enroll-done" role="status">
        {lead}
      </p>
      <p className="visually-hidden" id={listLabel}>
        Recovery codes
      </p>
      <ol className="recovery-codes mono" aria-labelledby={listLabel}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="form">
        <CheckField label="I have saved these recovery codes" checked={saved} onChange={setSaved} />
        {warning && !saved && (
          <p className="form-error" role="alert">
            {warning}
          </p>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={!saved}
            onClick={() => {
              onDone();
              push('info', notice);
            }}
          >
            Done
          </button>
        </div>
      </div>
    </div>
  );
}

/** Said when a dialog showing recovery codes is closed before they are saved. */
export const SAVE_CODES_FIRST = 'Save the recovery codes first: they are not shown again. Tick the box once they are safe.';
