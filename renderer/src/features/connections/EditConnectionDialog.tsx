import { useState, type FormEvent } from 'react';
import type { ConnectionView } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { saveProtected } from './save-protected';
import { useConnections } from '../../stores/connections';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { CheckField, TextField } from '../../ui/fields';
import { buildConnectionPatch, credentialFields, editDraftOf, type EditDraft, type FieldErrors } from './connection-draft';

const ENDPOINT_LABEL = { vault: 'Address', aws: 'Endpoint (optional)', azure: 'Authority host (optional)' } as const;

export function EditConnectionDialog({ connection, onClose }: { connection: ConnectionView; onClose(): void }) {
  const [draft, setDraft] = useState<EditDraft>(() => editDraftOf(connection));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useConnections((s) => s.load);
  const push = useNotices((s) => s.push);
  const fields = credentialFields(connection.config);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildConnectionPatch(connection, draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    if (Object.keys(built.value).length === 1) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      const saved = await saveProtected(
        () => api.connections.update(built.value),
        `Change connection “${connection.name}”: it serves a protected environment.`,
      );
      if (!saved.ok) {
        setFailure(saved.message);
        return;
      }
      push('info', `Connection “${saved.value.name}” saved`);
      await reload();
      onClose();
    } finally {
      setDraft((d) => ({ ...d, credential: {} }));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Edit ${connection.name}`} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Name" value={draft.name} onChange={(name) => setDraft((d) => ({ ...d, name }))} error={errors['name']} autoFocus />
        <CheckField label="Read-only" checked={draft.readOnly} onChange={(readOnly) => setDraft((d) => ({ ...d, readOnly }))} />
        <TextField
          label={ENDPOINT_LABEL[connection.config.kind]}
          value={draft.endpoint}
          onChange={(endpoint) => setDraft((d) => ({ ...d, endpoint }))}
          error={errors['endpoint']}
          hint="Moving the endpoint forgets the stored credential unless you replace it below. With protected environments it needs a step-up."
          mono
        />
        {fields.length > 0 && (
          <fieldset className="form-section">
            <legend>Replace credential</legend>
            <p className="field-hint">
              {connection.hasCredential ? 'A credential is stored in the keychain. Leave blank to keep it.' : 'No credential is stored.'}
            </p>
            {fields.map((field) => (
              <TextField
                key={field.key}
                label={`New ${field.label.toLowerCase()}${field.optional ? ' (optional)' : ''}`}
                value={draft.credential[field.key] ?? ''}
                onChange={(value) => setDraft((d) => ({ ...d, credential: { ...d.credential, [field.key]: value } }))}
                error={errors[`credential.${field.key}`]}
                secret
                mono
              />
            ))}
          </fieldset>
        )}
        {failure && (
          <p className="form-error" role="alert">
            Not saved: {failure}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
