import { useState } from 'react';
import type { VersionInfo } from '../../../../shared/domain';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { api } from '../../api';
import { useConnections } from '../../stores/connections';
import { useHistory, type Opened, type SecretRef } from '../../stores/history';
import { secretItems } from '../../stores/secrets';
import { Badge } from '../../ui/Badge';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { EmptyState } from '../../ui/EmptyState';
import { shortTime } from '../../ui/format';
import { HistoryIcon, RefreshIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { ComparePanel } from './ComparePanel';
import { DestroyDialog } from './DestroyDialog';
import { RollbackDialog } from './RollbackDialog';
import { short } from './timeline';
import { Timeline, type VersionActions } from './Timeline';
import { runWrite } from './write-action';
import './history.css';

type Pending =
  | { kind: 'rollback'; to: VersionInfo; current: VersionInfo }
  | { kind: 'delete' | 'restore'; versions?: string[] }
  | { kind: 'destroy'; versions?: string[] };

/** Version history and rollback for one secret, the way its provider means them. */
export function HistoryPage() {
  const state = useHistory((s) => s.state);
  const target = useHistory((s) => s.target);
  return (
    <div className="history-page">
      <Picker key={target ? `${target.environmentId}/${target.name}` : ''} initial={target} />
      {state === 'idle' && (
        <EmptyState title="Pick a secret" icon={<HistoryIcon />}>
          <p>
            Choose an environment and a secret name to see every version with its stages and state, this desk&apos;s audit events for it, compare two
            versions and roll back. A secret&apos;s detail pane has a History button too.
          </p>
        </EmptyState>
      )}
      {state === 'loading' && (
        <p className="muted" role="status">
          <Spinner /> Reading versions…
        </p>
      )}
      {state === 'failed' && <Failed />}
      {state === 'loaded' && <Loaded />}
    </div>
  );
}

function Failed() {
  const error = useHistory((s) => s.error);
  return (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}

function Picker({ initial }: { initial: SecretRef | null }) {
  const { connections, environments } = useConnections();
  const [environmentId, setEnvironmentId] = useState(initial?.environmentId ?? environments[0]?.id ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const known = environmentId ? secretItems(environmentId).slice(0, 500) : [];
  return (
    <form
      className="history-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (environmentId && name.trim()) void useHistory.getState().open({ environmentId, name: name.trim() });
      }}
    >
      <label>
        Environment
        <select value={environmentId} onChange={(event) => setEnvironmentId(event.target.value)}>
          {connections.map((connection) => (
            <optgroup key={connection.id} label={connection.name}>
              {environments
                .filter((environment) => environment.connectionId === connection.id)
                .map((environment) => (
                  <option key={environment.id} value={environment.id}>
                    {connection.name} / {environment.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="history-name">
        Secret
        <input
          className="mono"
          value={name}
          onChange={(event) => setName(event.target.value)}
          list="history-names"
          autoComplete="off"
          spellCheck={false}
          placeholder="name"
        />
        <datalist id="history-names">
          {known.map((item) => (
            <option key={item.name} value={item.name} />
          ))}
        </datalist>
      </label>
      <button type="submit" className="button button-primary" disabled={!environmentId || !name.trim()}>
        Open history
      </button>
    </form>
  );
}

function Loaded() {
  const target = useHistory((s) => s.target) as SecretRef;
  const opened = useHistory((s) => s.opened) as Opened;
  const versions = useHistory((s) => s.versions);
  const [pending, setPending] = useState<Pending | null>(null);
  const current = versions.find((v) => v.current);
  const metadata = opened.metadata;
  const close = () => setPending(null);

  const actions: VersionActions = {
    rollback: (to) => current && setPending({ kind: 'rollback', to, current }),
    remove: (version) => setPending({ kind: 'delete', versions: [version.id] }),
    restore: (version) => setPending({ kind: 'restore', versions: [version.id] }),
    destroy: (version) => setPending({ kind: 'destroy', versions: [version.id] }),
  };

  const softWrite = (kind: 'delete' | 'restore', versionIds: string[] | undefined) => {
    const subject = versionIds ? `version ${versionIds.map(short).join(', ')} of ${target.name}` : target.name;
    const verb = kind === 'delete' ? 'Delete' : 'Restore';
    return (
      <ConfirmDialog
        title={`${verb} ${subject}`}
        body={
          <>
            {kind === 'delete' ? DELETE_TEXT[opened.provider] : RESTORE_TEXT[opened.provider]} Environment: <strong>{opened.environmentName}</strong>
            {opened.protected ? ' (protected: needs a step-up).' : '.'}
          </>
        }
        confirmLabel={verb}
        onClose={close}
        onConfirm={async () => {
          const refusal = await runWrite(
            `${verb} ${subject} in ${opened.environmentName}`,
            (reason) =>
              kind === 'delete'
                ? api.history.delete({ ...target, ...(versionIds ? { versions: versionIds } : {}), ...(reason ? { reason } : {}) })
                : api.history.restore({ ...target, ...(versionIds ? { versions: versionIds } : {}), ...(reason ? { reason } : {}) }),
            undefined,
            `${kind === 'delete' ? 'Deleted' : 'Restored'} ${subject} in ${opened.environmentName}.`,
          );
          await useHistory.getState().refresh();
          return refusal;
        }}
      />
    );
  };

  return (
    <>
      <header className="history-head">
        <h2 className="mono" title={target.name}>
          {target.name}
        </h2>
        <span className="badges">
          <Badge>{PROVIDER_LABELS[opened.provider]}</Badge>
          <Badge>{opened.environmentName}</Badge>
          {opened.protected && <Badge tone="warn">protected</Badge>}
          {opened.readOnly && <Badge>read-only</Badge>}
          {metadata.deleted && <Badge tone="danger">deleted</Badge>}
          {metadata.deletionDate && <span className="muted">deletion on {shortTime(metadata.deletionDate)}</span>}
          {metadata.recoverableDays !== undefined && <span className="muted">recoverable for {metadata.recoverableDays} days</span>}
        </span>
        <span className="history-head-actions">
          {!opened.readOnly && !opened.versionScoped && !metadata.deleted && (
            <button type="button" className="button" onClick={() => setPending({ kind: 'delete' })}>
              Delete secret
            </button>
          )}
          {!opened.readOnly && !opened.versionScoped && metadata.deleted && opened.restore && (
            <button type="button" className="button" onClick={() => setPending({ kind: 'restore' })}>
              Restore secret
            </button>
          )}
          {!opened.readOnly && opened.destroy && (
            <button type="button" className="button button-danger" onClick={() => setPending({ kind: 'destroy' })}>
              {opened.versionScoped ? 'Destroy all versions' : 'Destroy permanently'}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Reload history" onClick={() => void useHistory.getState().refresh()}>
            <RefreshIcon />
          </button>
        </span>
      </header>
      <p className="muted history-note">{NOTE[opened.concurrency]}</p>
      {metadata.deleted && versions.length === 0 && (
        <p className="muted history-note">
          {opened.provider === 'azure'
            ? 'Key Vault keeps a deleted secret’s versions out of reach until it is recovered.'
            : 'The provider answers no versions for a deleted secret until it is restored.'}
        </p>
      )}
      <ComparePanel />
      <Timeline actions={actions} />
      {pending?.kind === 'rollback' && <RollbackDialog target={target} opened={opened} current={pending.current} to={pending.to} onClose={close} />}
      {(pending?.kind === 'delete' || pending?.kind === 'restore') && softWrite(pending.kind, pending.versions)}
      {pending?.kind === 'destroy' && (
        <DestroyDialog target={target} opened={opened} {...(pending.versions ? { versions: pending.versions } : {})} onClose={close} />
      )}
    </>
  );
}

const NOTE: Record<Opened['concurrency'], string> = {
  'check-and-set':
    'Vault: a rollback writes the old data as a new version with check-and-set, so a write by anyone else since this view loaded is refused.',
  'stage-label': 'AWS: a rollback moves AWSCURRENT back to the chosen version; AWS refuses it if AWSCURRENT moved since this view loaded.',
  'verify-after':
    'Azure: a rollback writes the old value as a new version. Key Vault has no precondition: Keyhole re-reads before writing and checks after, and reports what it sees — it cannot promise more.',
};

const DELETE_TEXT: Record<Opened['provider'], string> = {
  vault: 'Vault soft-deletes the version: its data can be undeleted until it is destroyed.',
  aws: 'AWS schedules the secret for deletion after a 30-day recovery window; it can be restored until then.',
  azure: 'Azure soft-deletes the secret; it can be recovered for the vault’s retention period unless purged.',
};

const RESTORE_TEXT: Record<Opened['provider'], string> = {
  vault: 'Vault undeletes the version’s data.',
  aws: 'AWS cancels the scheduled deletion (RestoreSecret).',
  azure: 'Azure recovers the deleted secret with all its versions.',
};
