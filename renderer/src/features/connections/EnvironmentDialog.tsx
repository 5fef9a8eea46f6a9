import { useEffect, useState, type FormEvent } from 'react';
import type { Environment, EnvironmentScope } from '../../../../shared/connections';
import type { ConnectionView } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { saveProtected } from './save-protected';
import { useConnections } from '../../stores/connections';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { CheckField, TextField } from '../../ui/fields';
import type { FieldErrors } from './connection-draft';
import { buildEnvironmentInput, emptyEnvironmentDraft, environmentDraftOf, withName, type EnvironmentDraft } from './environment-draft';

interface Suggestion {
  label: string;
  scope: EnvironmentScope;
}

function useSuggestions(connectionId: string): { suggestions: Suggestion[]; note: string | null } {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.connections.discover({ id: connectionId }).then(
      (result) => live && setSuggestions(result.suggestions),
      (error: unknown) => live && setNote(`No suggestions: ${explain(shownError(error))}`),
    );
    return () => {
      live = false;
    };
  }, [connectionId]);
  return { suggestions, note };
}

/** Add (no `environment`) or edit an environment of one connection. */
export function EnvironmentDialog({ connection, environment, onClose }: { connection: ConnectionView; environment?: Environment; onClose(): void }) {
  const kind = connection.config.kind;
  const [draft, setDraft] = useState<EnvironmentDraft>(() =>
    environment ? environmentDraftOf(environment) : emptyEnvironmentDraft(kind, connection.config.kind === 'aws' ? connection.config.region : ''),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { suggestions, note } = useSuggestions(connection.id);
  const reload = useConnections((s) => s.load);
  const push = useNotices((s) => s.push);

  const use = (scope: EnvironmentScope) =>
    setDraft((d) => {
      if (scope.kind === 'vault') return { ...d, vault: { mount: scope.mount, prefix: d.vault.prefix || scope.prefix } };
      if (scope.kind === 'aws') return { ...d, aws: { ...d.aws, region: scope.region, prefix: d.aws.prefix || scope.prefix } };
      return { ...d, azure: { vaultUrl: scope.vaultUrl, prefix: d.azure.prefix || scope.prefix } };
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildEnvironmentInput(kind, draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const saved = await saveProtected(
        () =>
          environment
            ? api.environments.update({ id: environment.id, ...built.value })
            : api.environments.create({ connectionId: connection.id, ...built.value }),
        `Change environment “${environment?.name ?? built.value.name}”: this weakens its protection.`,
      );
      if (!saved.ok) {
        setFailure(saved.message);
        return;
      }
      push('info', `Environment “${saved.value.name}” ${environment ? 'saved' : 'added'}`);
      await reload();
      onClose();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={environment ? `Edit environment ${environment.name}` : `Add environment to ${connection.name}`} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Environment name"
          value={draft.name}
          onChange={(name) => setDraft((d) => withName(d, name))}
          error={errors['name']}
          placeholder="e.g. staging"
          autoFocus
        />

        {suggestions.length > 0 && (
          <div className="suggestions" role="group" aria-label="Suggested scopes">
            <span className="field-hint">Suggested:</span>
            {suggestions.map((suggestion) => (
              <button key={suggestion.label} type="button" className="chip" onClick={() => use(suggestion.scope)}>
                {suggestion.label}
              </button>
            ))}
          </div>
        )}
        {note && <p className="field-hint">{note}</p>}

        {kind === 'vault' && (
          <div className="form-row">
            <TextField
              label="KV v2 mount"
              value={draft.vault.mount}
              onChange={(mount) => setDraft((d) => ({ ...d, vault: { ...d.vault, mount } }))}
              error={errors['vault.mount']}
              placeholder="e.g. secret"
              mono
            />
            <TextField
              label="Path prefix"
              value={draft.vault.prefix}
              onChange={(prefix) => setDraft((d) => ({ ...d, vault: { ...d.vault, prefix } }))}
              placeholder="e.g. staging/"
              hint="Empty for the whole mount"
              mono
            />
          </div>
        )}
        {kind === 'aws' && (
          <>
            <div className="form-row">
              <TextField
                label="Region"
                value={draft.aws.region}
                onChange={(region) => setDraft((d) => ({ ...d, aws: { ...d.aws, region } }))}
                error={errors['aws.region']}
                mono
              />
              <TextField
                label="Name prefix"
                value={draft.aws.prefix}
                onChange={(prefix) => setDraft((d) => ({ ...d, aws: { ...d.aws, prefix } }))}
                placeholder="e.g. prod/"
                hint="Empty for every name"
                mono
              />
            </div>
            <div className="form-row">
              <TextField
                label="Tag key (optional)"
                value={draft.aws.tagKey}
                onChange={(tagKey) => setDraft((d) => ({ ...d, aws: { ...d.aws, tagKey } }))}
                error={errors['aws.tagKey']}
                mono
              />
              <TextField
                label="Tag value (optional)"
                value={draft.aws.tagValue}
                onChange={(tagValue) => setDraft((d) => ({ ...d, aws: { ...d.aws, tagValue } }))}
                mono
              />
            </div>
          </>
        )}
        {kind === 'azure' && (
          <div className="form-row">
            <TextField
              label="Vault URL"
              value={draft.azure.vaultUrl}
              onChange={(vaultUrl) => setDraft((d) => ({ ...d, azure: { ...d.azure, vaultUrl } }))}
              error={errors['azure.vaultUrl']}
              placeholder="https://my-vault.vault.azure.net"
              mono
            />
            <TextField
              label="Name prefix"
              value={draft.azure.prefix}
              onChange={(prefix) => setDraft((d) => ({ ...d, azure: { ...d.azure, prefix } }))}
              placeholder="e.g. app--"
              mono
            />
          </div>
        )}

        <div className="form-row">
          <TextField
            label="Name separator"
            value={draft.separator}
            onChange={(separator) => setDraft((d) => ({ ...d, separator }))}
            error={errors['separator']}
            hint={
              kind === 'azure'
                ? 'Azure names cannot hold “/”: this stands for it when comparing'
                : 'What stands for “/” in native names when comparing'
            }
            mono
          />
          <div />
        </div>
        <CheckField
          label="Protected"
          checked={draft.protected}
          onChange={(value) => setDraft((d) => ({ ...d, protected: value, protectedTouched: true }))}
          hint="Reveals, copies and changes here need a second-factor step-up. On by default for production-like names."
        />
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
            {busy ? 'Saving…' : environment ? 'Save environment' : 'Add environment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
