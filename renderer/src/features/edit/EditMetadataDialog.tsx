import { useMemo, useState } from 'react';
import { api } from '../../api';
import { useEdit } from '../../stores/edit';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { Spinner } from '../../ui/Spinner';
import { MetadataFields } from './MetadataFields';
import { metaDraftOf, metaProblem, toPatch, type MetaDraft } from './metadata-draft';
import { refreshAfterWrite, runEdit } from './run-edit';
import { useOpened } from './use-opened';

/** Metadata on its own: the value is not read or written. Only what the provider keeps is offered. */
export function EditMetadataDialog({ environmentId, name }: { environmentId: string; name: string }) {
  const close = useEdit((s) => s.close);
  const { opened, error: openError } = useOpened(environmentId, name);
  const base = useMemo(() => (opened ? metaDraftOf(opened.metadata) : null), [opened]);
  const [draft, setDraft] = useState<MetaDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = draft ?? base;
  const patch = opened && current && base ? toPatch(current, opened.metadataKeys, base) : {};
  const problem = current ? metaProblem(current) : null;

  const save = async () => {
    if (!opened) return;
    setBusy(true);
    setError(null);
    const result = await runEdit(`Change the metadata of ${name} in ${opened.environmentName}`, (reason) =>
      api.edit.updateMetadata({ environmentId, name, patch, reason }),
    );
    setBusy(false);
    if (!result.ok) return setError(result.message);
    useNotices.getState().push('info', `Updated the metadata of ${name} (${Object.keys(patch).join(', ')}).`);
    close();
    refreshAfterWrite(environmentId, name);
  };

  return (
    <Dialog title={`Edit metadata: ${name}`} onClose={close} size="medium">
      {!opened && !openError && (
        <p className="muted" role="status">
          <Spinner /> Reading metadata…
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
          <p className="muted">
            {opened.environmentName}
            {opened.protected && ' (protected)'} · the value is not touched.
          </p>
          <MetadataFields
            keys={opened.metadataKeys}
            draft={current}
            onChange={setDraft}
            tagsLabel={opened.provider === 'vault' ? 'Custom metadata' : 'Tags'}
          />
          {problem && <p className="field-error">{problem}</p>}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || problem !== null || Object.keys(patch).length === 0 || opened.readOnly}
            >
              {busy ? 'Saving…' : 'Save metadata'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
