import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/ipc/channel';
import type { AppContract } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { useConnections } from '../../stores/connections';
import { useEdit } from '../../stores/edit';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { SelectField, TextField } from '../../ui/fields';
import { draftProblem, emptyDraft, toInput, type Draft } from './draft';
import { MetadataFields } from './MetadataFields';
import { metaDraftOf, metaProblem, toPatch, type MetaDraft } from './metadata-draft';
import { modesFor } from './modes';
import { refreshAfterWrite, runEdit } from './run-edit';
import { ValueEditor } from './ValueEditor';

type NameCheck = Output<AppContract, 'edit:checkName'>;

/** A new secret in a writable environment: its name checked by main as it is typed. */
export function NewSecretDialog({ environmentId: initial }: { environmentId: string | null }) {
  const close = useEdit((s) => s.close);
  const connections = useConnections((s) => s.connections);
  const writable = useConnections((s) => s.environments).filter((e) => connections.some((c) => c.id === e.connectionId && !c.readOnly));
  const [environmentId, setEnvironmentId] = useState(writable.find((e) => e.id === initial)?.id ?? writable[0]?.id ?? '');
  const environment = writable.find((e) => e.id === environmentId);
  const connection = connections.find((c) => c.id === environment?.connectionId);
  const [name, setName] = useState('');
  const [check, setCheck] = useState<NameCheck | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [meta, setMeta] = useState<MetaDraft>(() => metaDraftOf());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (environmentId === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void api.edit
        .checkName({ environmentId, name })
        .then((answer) => {
          if (!live) return;
          setCheck(answer);
          setDraft((current) => current ?? emptyDraft(modesFor(answer.valueShape)[0]!));
        })
        .catch(() => live && setCheck(null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [environmentId, name]);

  const problem = draft ? draftProblem(draft) : null;
  const metaIssue = metaProblem(meta);
  const create = async () => {
    if (!draft || !check) return;
    setBusy(true);
    setError(null);
    const metadata = toPatch(meta, check.metadataKeys, null);
    const result = await runEdit(`Create ${name} in ${environment?.name ?? ''}`, (reason) =>
      api.edit.create({ environmentId, name, value: toInput(draft), ...(Object.keys(metadata).length > 0 ? { metadata } : {}), reason }),
    );
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setDraft(null);
    useNotices.getState().push('info', `Created ${name} in ${environment?.name ?? ''} (version ${result.value.version}).`);
    close();
    refreshAfterWrite(environmentId, name);
  };

  return (
    <Dialog title="New secret" onClose={close} size="large">
      {writable.length === 0 ? (
        <p className="muted">No writable environment: every connection is read-only, or none is set up yet.</p>
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void create();
          }}
        >
          <SelectField
            label="Environment"
            value={environmentId}
            onChange={(id) => {
              setEnvironmentId(id);
              setDraft(null);
            }}
            options={writable.map((e) => ({
              value: e.id,
              label: `${connections.find((c) => c.id === e.connectionId)?.name ?? ''} / ${e.name}${e.protected ? ' (protected)' : ''}`,
            }))}
          />
          <TextField
            label="Name"
            value={name}
            onChange={setName}
            mono
            autoFocus
            error={name !== '' && check && !check.valid ? check.problem : undefined}
            hint={check?.valid && check.common !== undefined && check.common !== name ? `Compared in diffs as ${check.common}` : undefined}
          />
          {draft && check && (
            <>
              <ValueEditor
                draft={draft}
                onChange={setDraft}
                modes={modesFor(check.valueShape)}
                editing={false}
                problem={draft.mode === 'json' && draft.text === '' ? null : problem}
              />
              <MetadataFields
                keys={check.metadataKeys}
                draft={meta}
                onChange={setMeta}
                tagsLabel={connection?.config.kind === 'vault' ? 'Custom metadata' : 'Tags'}
              />
            </>
          )}
          {metaIssue && <p className="field-error">{metaIssue}</p>}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            {environment?.protected && <span className="muted">Protected: creating needs a step-up.</span>}
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || !check?.valid || !draft || problem !== null || metaIssue !== null}
            >
              {busy ? 'Creating…' : 'Create'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
