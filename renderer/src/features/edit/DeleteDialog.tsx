import { useState } from 'react';
import type { Output } from '../../../../shared/ipc/channel';
import type { AppContract } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { useEdit } from '../../stores/edit';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/fields';
import { shortTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { refreshAfterWrite, runEdit } from './run-edit';
import { useOpened, type Opened } from './use-opened';

type Deleted = Output<AppContract, 'edit:delete'>;

const WHAT: Record<Opened['provider'], string> = {
  vault: 'Vault soft-deletes the version: its data stays until destroyed and can be undeleted from History.',
  aws: 'AWS schedules the deletion: until the recovery window ends the secret can be restored (History → Restore); after that it is gone.',
  azure: "Azure soft-deletes the secret: it can be recovered (History → Restore) until the vault's retention period ends.",
};

/** What can be restored and until when, in words. */
export function restoreStatement(provider: Opened['provider'], deleted: Deleted): string {
  if (provider === 'vault') return 'It can be undeleted from History until someone destroys it.';
  if (deleted.restorableUntil) return `It can be restored until ${shortTime(deleted.restorableUntil)}.`;
  if (deleted.recoverableDays !== undefined) return `It can be recovered for ${deleted.recoverableDays} days.`;
  return 'It can be restored from History.';
}

const DAYS = Array.from({ length: 24 }, (_, i) => String(7 + i));

/** Soft delete, confirmed by typing the name; says what can be restored and until when. */
export function DeleteDialog({ environmentId, name }: { environmentId: string; name: string }) {
  const close = useEdit((s) => s.close);
  const { opened, error: openError } = useOpened(environmentId, name);
  const [typed, setTyped] = useState('');
  const [versions, setVersions] = useState('');
  const [days, setDays] = useState('30');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = versions
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const badVersions = chosen.some((v) => !/^\d+$/.test(v));

  const remove = async () => {
    if (!opened) return;
    setBusy(true);
    setError(null);
    const result = await runEdit(`Delete ${name} in ${opened.environmentName}`, (reason) =>
      api.edit.delete({
        environmentId,
        name,
        confirmName: typed,
        ...(opened.versionScoped && chosen.length > 0 ? { versions: chosen } : {}),
        ...(opened.recoveryWindow ? { recoveryDays: Number(days) } : {}),
        reason,
      }),
    );
    setBusy(false);
    if (!result.ok) return setError(result.message);
    const subject = opened.versionScoped ? (chosen.length > 0 ? `version ${chosen.join(', ')} of ${name}` : `the latest version of ${name}`) : name;
    useNotices.getState().push('info', `Deleted ${subject} in ${opened.environmentName}. ${restoreStatement(opened.provider, result.value)}`);
    close();
    refreshAfterWrite(environmentId, name);
  };

  return (
    <Dialog title={`Delete ${name}`} onClose={close} role="alertdialog" size="small" description={opened ? WHAT[opened.provider] : undefined}>
      {!opened && !openError && (
        <p className="muted" role="status">
          <Spinner /> Reading the secret…
        </p>
      )}
      {openError && (
        <p className="form-error" role="alert">
          {openError}
        </p>
      )}
      {opened && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void remove();
          }}
        >
          <p>
            Environment: <strong>{opened.environmentName}</strong>
            {opened.protected && ' (protected: needs a step-up)'}
          </p>
          {opened.versionScoped && (
            <TextField
              label="Versions to delete (comma-separated; empty: the latest)"
              value={versions}
              onChange={setVersions}
              mono
              placeholder={opened.version ?? ''}
              error={badVersions ? 'Version numbers only, separated by commas.' : undefined}
            />
          )}
          {opened.recoveryWindow && (
            <SelectField
              label="Recovery window (days)"
              value={days}
              onChange={setDays}
              options={DAYS.map((d) => ({ value: d, label: `${d} days` }))}
            />
          )}
          {opened.provider === 'azure' && opened.metadata.recoverableDays !== undefined && (
            <p className="muted">This vault keeps deleted secrets for {opened.metadata.recoverableDays} days.</p>
          )}
          <TextField label={`Type the name to confirm: ${name}`} value={typed} onChange={setTyped} mono autoFocus />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button button-danger" disabled={busy || typed !== name || badVersions || opened.readOnly}>
              {busy ? 'Deleting…' : 'Delete'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
