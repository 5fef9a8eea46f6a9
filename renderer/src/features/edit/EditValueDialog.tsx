import { useState } from 'react';
import { api } from '../../api';
import { useEdit } from '../../stores/edit';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { shortTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { SecretValue } from '../secrets/SecretValue';
import { draftProblem, emptyDraft, toInput, touched, type Draft } from './draft';
import { FieldChanges, type Preview } from './FieldChanges';
import { modesFor } from './modes';
import { refreshAfterWrite, runEdit } from './run-edit';
import { useOpened, type Opened } from './use-opened';
import { ValueEditor } from './ValueEditor';

const CONCURRENCY: Record<Opened['provider'], string> = {
  vault: 'Vault refuses the write (check-and-set) if another version was written since.',
  aws: 'AWS refuses to move AWSCURRENT if another version became current since.',
  azure: 'Azure has no write precondition: Keyhole re-reads before writing and checks after, and says if it saw another change.',
};

function draftFor(opened: Opened): Draft {
  if (opened.kind === 'fields' || opened.valueShape === 'fields') return emptyDraft('fields', opened.fieldNames);
  return emptyDraft('string');
}

/**
 * A write-only editor: the current value is never filled in (Reveal shows it, audited, with the
 * step-up where protected). Preview asks main which fields change; Save writes on the version the
 * editor opened on, and a change in between is refused with the fresh state shown.
 */
export function EditValueDialog({ environmentId, name }: { environmentId: string; name: string }) {
  const close = useEdit((s) => s.close);
  const { opened, error: openError, reload } = useOpened(environmentId, name);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  // The reason given at the step-up for the preview is recorded with the write too.
  const [reason, setReason] = useState<string | undefined>(undefined);

  const current = draft ?? (opened ? draftFor(opened) : null);
  const problem = current && touched(current) ? draftProblem(current) : null;
  const change = (next: Draft) => {
    setDraft(next);
    setPreview(null);
  };

  const showPreview = async () => {
    if (!opened?.version || !current) return;
    setBusy(true);
    setError(null);
    const version = opened.version;
    // A preview is gated like the write (it tells whether a typed value equals the current one).
    const result = await runEdit(
      `Preview a change to ${name} in ${opened.environmentName}`,
      (given) => api.edit.preview({ environmentId, name, expectedVersion: version, value: toInput(current), reason: given }),
      reason,
    );
    setBusy(false);
    if (result.ok) {
      setReason(result.reason);
      setPreview(result.value);
      setConflict(false);
    } else if (result.conflict) await refused();
    else setError(result.message);
  };

  const refused = async () => {
    setPreview(null);
    setConflict(true);
    setError(
      'Someone changed this secret after the editor opened, so nothing was written. Its fresh state is shown above: preview again to write over it.',
    );
    await reload();
  };

  const save = async () => {
    if (!opened?.version || !current) return;
    setBusy(true);
    setError(null);
    const result = await runEdit(
      `Write a new version of ${name} in ${opened.environmentName}`,
      (given) => api.edit.write({ environmentId, name, expectedVersion: opened.version!, value: toInput(current), reason: given }),
      reason,
    );
    setBusy(false);
    if (!result.ok) {
      if (result.conflict) return void (await refused());
      return setError(result.message);
    }
    setDraft(null);
    const warning = result.value.concurrentChangeDetected;
    useNotices
      .getState()
      .push(
        warning ? 'warning' : 'info',
        `Wrote version ${result.value.version} of ${name}.${warning ? ' Another version appeared around this write: check the history to see which value is current.' : ''}`,
      );
    close();
    refreshAfterWrite(environmentId, name);
  };

  return (
    <Dialog title={`Edit value: ${name}`} onClose={close} size="large">
      {!opened && !openError && (
        <p className="muted" role="status">
          <Spinner /> Reading the current version…
        </p>
      )}
      {openError && (
        <p className="form-error" role="alert">
          {openError}
        </p>
      )}
      {opened && current && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <p className={conflict ? 'edit-state edit-state-fresh' : 'edit-state'} aria-live="polite">
            {conflict ? 'Fresh state: ' : 'Editing '}
            version <span className="mono">{opened.version ?? '—'}</span>
            {opened.metadata.updatedAt && <> · updated {shortTime(opened.metadata.updatedAt)}</>} · {opened.environmentName}
            {opened.protected && ' (protected)'}
          </p>
          <p className="muted">{CONCURRENCY[opened.provider]}</p>
          <details className="edit-current">
            <summary>Current value (reveal to see it; audited)</summary>
            <SecretValue environmentId={environmentId} name={name} />
          </details>
          <ValueEditor draft={current} onChange={change} modes={modesFor(opened.valueShape)} editing problem={problem} />
          {preview && <FieldChanges preview={preview} />}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="button" disabled={busy || !touched(current) || problem !== null} onClick={() => void showPreview()}>
              Preview changes
            </button>
            <button type="submit" className="button button-primary" disabled={busy || !preview || preview.unchanged || opened.readOnly}>
              {busy ? 'Working…' : 'Save new version'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
