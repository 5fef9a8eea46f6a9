import { useState } from 'react';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useHistory, type Opened, type SecretRef } from '../../stores/history';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/fields';

interface Props {
  target: SecretRef;
  opened: Opened;
  /** Vault versions; absent: the whole secret (Vault: every version and the metadata). */
  versions?: string[];
  onClose(): void;
}

const WHAT: Record<Opened['provider'], string> = {
  vault: 'Vault destroys the data for good (the version numbers stay, marked destroyed).',
  aws: 'AWS deletes the secret and every version at once, with no recovery window.',
  azure: 'Azure purges the secret: it cannot be recovered.',
};

/** Permanent destruction: the name typed again and a fresh code from the authenticator, whatever the environment. */
export function DestroyDialog({ target, opened, versions, onClose }: Props) {
  const [typed, setTyped] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const subject = versions ? `version ${versions.join(', ')} of ${target.name}` : target.name;

  const destroy = async () => {
    setBusy(true);
    try {
      await api.history.destroy({ ...target, ...(versions ? { versions } : {}), confirmName: typed, code });
      useNotices.getState().push('info', `Destroyed ${subject} in ${opened.environmentName}.`);
      setBusy(false);
      onClose();
      await useHistory.getState().refresh();
    } catch (caught) {
      setBusy(false);
      setCode('');
      setError(explain(shownError(caught)));
    }
  };

  return (
    <Dialog
      title={`Destroy ${subject}`}
      onClose={onClose}
      role="alertdialog"
      size="small"
      description={`${WHAT[opened.provider]} This cannot be undone.`}
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void destroy();
        }}
      >
        <p>
          Environment: <strong>{opened.environmentName}</strong>
        </p>
        <TextField label={`Type the name to confirm: ${target.name}`} value={typed} onChange={setTyped} mono autoFocus />
        <TextField label="A fresh code from your authenticator" value={code} onChange={setCode} secret mono />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy || typed !== target.name || code.trim() === '' || opened.readOnly}>
            {busy ? 'Destroying…' : 'Destroy permanently'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
