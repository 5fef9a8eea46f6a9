import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';

interface ConfirmProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<string | null>;
  onClose(): void;
}

/** A destructive confirmation: names the thing, keeps focus on Cancel first, shows a refusal inline. */
export function ConfirmDialog({ title, body, confirmLabel, onConfirm, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={title} onClose={onClose} role="alertdialog" size="small" description={body}>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const refusal = await onConfirm();
            setBusy(false);
            if (refusal === null) onClose();
            else setError(refusal);
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
