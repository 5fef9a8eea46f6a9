import { useEffect, useState } from 'react';
import type { VersionInfo } from '../../../../shared/domain';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useHistory, type Comparison, type Opened, type SecretRef } from '../../stores/history';
import { Badge } from '../../ui/Badge';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/fields';
import { shortTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { FieldStatuses } from './FieldStatuses';
import { rollbackResult, short } from './timeline';
import { runWrite } from './write-action';

interface Props {
  target: SecretRef;
  opened: Opened;
  current: VersionInfo;
  to: VersionInfo;
  onClose(): void;
}

/** Shows current, target and what the provider will do, then rolls back (step-up where protected). */
export function RollbackDialog({ target, opened, current, to, onClose }: Props) {
  const [changes, setChanges] = useState<Comparison | null>(null);
  const [changesError, setChangesError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.history.compare({ ...target, from: current.id, to: to.id }).then(
      (result) => live && setChanges(result),
      (caught: unknown) => live && setChangesError(explain(shownError(caught))),
    );
    return () => {
      live = false;
    };
  }, [target, current.id, to.id]);

  const confirm = async () => {
    setBusy(true);
    const refusal = await runWrite(
      `Roll back ${target.name} in ${opened.environmentName} to version ${short(to.id)}`,
      (why) => api.history.rollback({ ...target, toVersion: to.id, expectedVersion: current.id, ...(why ? { reason: why } : {}) }),
      reason.trim() || undefined,
      `Rolled back ${target.name} in ${opened.environmentName} to version ${short(to.id)}.`,
    );
    setBusy(false);
    await useHistory.getState().refresh();
    if (refusal === null) onClose();
    else setError(refusal);
  };

  return (
    <Dialog title={`Roll back ${target.name}`} onClose={onClose} role="alertdialog" size="large">
      <div className="form">
        <dl className="facts rollback-facts">
          <dt>Environment</dt>
          <dd>
            {opened.environmentName} {opened.protected && <Badge tone="warn">protected</Badge>}
          </dd>
          <dt>Current</dt>
          <dd>
            <span className="mono">{short(current.id)}</span> <span className="muted">{shortTime(current.createdAt)}</span>
          </dd>
          <dt>Target</dt>
          <dd>
            <span className="mono">{short(to.id)}</span> <span className="muted">{shortTime(to.createdAt)}</span>
          </dd>
          <dt>Result</dt>
          <dd data-testid="rollback-result">{rollbackResult(opened.concurrency, current.id, to.id)}</dd>
        </dl>
        <h3 className="rollback-changes">What changes</h3>
        {changes ? (
          <FieldStatuses comparison={changes} fromLabel="current" toLabel="target" />
        ) : changesError ? (
          <p className="form-error">{changesError}</p>
        ) : (
          <p className="muted" role="status">
            <Spinner /> Comparing by fingerprint…
          </p>
        )}
        <TextField label="Reason (recorded in the audit log)" value={reason} onChange={setReason} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className="button button-danger" disabled={busy || opened.readOnly} onClick={() => void confirm()}>
            {busy ? 'Rolling back…' : `Roll back to ${short(to.id)}`}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
