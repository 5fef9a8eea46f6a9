import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/ipc/channel';
import type { DiffResult } from '../../../../shared/ipc/channels/diff';
import type { AppContract } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useNotices } from '../../stores/notices';
import { Badge } from '../../ui/Badge';
import { Dialog } from '../../ui/Dialog';
import { CheckField, TextField } from '../../ui/fields';
import { Spinner } from '../../ui/Spinner';
import { fieldName, OUTCOME_TONES } from './labels';

type Preview = Output<AppContract, 'diff:preview'>;
type Promoted = Output<AppContract, 'diff:promote'>;
type Undone = Output<AppContract, 'diff:undo'>;

interface Props {
  result: DiffResult;
  names: string[];
  onClose(): void;
  onDone(): void;
}

const CHANGE: Record<'add' | 'change' | 'remove', string> = { add: '+', change: '~', remove: '−' };

/**
 * Promote A's values to B: what will be written where (no values), the conflict policy, the
 * target typed again, a fresh code where B is protected; then a dry run or the writes, their
 * results one by one, and undo.
 */
export function PromoteDialog({ result, names, onClose, onDone }: Props) {
  const target = result.b;
  const [preview, setPreview] = useState<Preview | null>(null);
  const [conflict, setConflict] = useState<'skip' | 'overwrite'>('skip');
  const [confirmOverwrite, setConfirmOverwrite] = useState(false);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Promoted | null>(null);
  const [undone, setUndone] = useState<Undone | null>(null);

  useEffect(() => {
    let live = true;
    api.diff
      .preview({ diffId: result.diffId, names })
      .then((p) => live && setPreview(p))
      .catch((caught: unknown) => live && setError(explain(shownError(caught))));
    return () => {
      live = false;
    };
  }, [result.diffId, names]);

  const writes = preview?.items.filter((i) => i.action !== 'none') ?? [];
  const confirmed = typed.trim() === target.environmentName && (conflict === 'skip' || confirmOverwrite);

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.diff.promote({
        diffId: result.diffId,
        names,
        dryRun,
        conflict,
        confirmOverwrite,
        confirmTarget: typed.trim(),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(!dryRun && target.protected ? { code: code.trim() } : {}),
      });
      setOutcome(answer);
      if (!dryRun) {
        const written = answer.items.filter((i) => i.outcome === 'written').length;
        useNotices.getState().push('info', `Promoted ${written} of ${answer.items.length} into ${target.environmentName}.`);
        onDone();
      }
    } catch (caught) {
      setError(explain(shownError(caught)));
    }
    setCode('');
    setBusy(false);
  };

  const undo = async () => {
    if (!outcome?.promotionId) return;
    setBusy(true);
    setError(null);
    try {
      setUndone(
        await api.diff.undo({
          promotionId: outcome.promotionId,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(target.protected ? { code: code.trim() } : {}),
        }),
      );
      onDone();
    } catch (caught) {
      setError(explain(shownError(caught)));
    }
    setCode('');
    setBusy(false);
  };

  const codeNeeded = target.protected && (outcome === null || outcome.dryRun || (outcome.promotionId !== null && undone === null));
  return (
    <Dialog
      title={`Promote ${names.length} into ${target.connectionName} / ${target.environmentName}`}
      onClose={onClose}
      size="large"
      role="alertdialog"
      description={`Copies each value from ${result.a.environmentName} as the diff read it; every write is refused if ${target.environmentName} changed since.`}
    >
      <div className="alertdialog-body">
        {preview === null && !error && (
          <p className="muted" role="status">
            <Spinner /> Preparing the preview…
          </p>
        )}
        {preview && (
          <table className="table compact promote-table" data-testid="promote-preview">
            <thead>
              <tr>
                <th>Secret</th>
                <th>Written to</th>
                <th>Action</th>
                <th>Fields</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((item) => {
                const done = outcome?.items.find((i) => i.name === item.name);
                const back = undone?.items.find((i) => i.name === item.name);
                return (
                  <tr key={item.name} data-testid="promote-item" data-name={item.name}>
                    <td className="mono">{item.name}</td>
                    <td className="mono">{item.target}</td>
                    <td>{item.action === 'none' ? <span className="muted">{item.note}</span> : item.action}</td>
                    <td className="mono">{item.fields.map((f) => `${CHANGE[f.change]}${fieldName(f.field)}`).join(' ')}</td>
                    <td>
                      {done && (
                        <Badge tone={OUTCOME_TONES[done.outcome]} title={done.code ?? undefined}>
                          {done.outcome}
                          {done.code ? ` (${done.code})` : ''}
                        </Badge>
                      )}{' '}
                      {back && (
                        <Badge tone={back.outcome === 'done' ? 'ok' : 'warn'}>
                          {back.action}
                          {back.outcome === 'done' ? '' : ` · ${back.outcome}`}
                        </Badge>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {preview && writes.length === 0 && <p className="muted">Nothing to write among these rows.</p>}
        <form
          className="promote-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(false);
          }}
        >
          {(outcome === null || outcome.dryRun) && (
            <>
              <fieldset className="promote-policy">
                <legend>If {target.environmentName} changed since the diff</legend>
                <label>
                  <input type="radio" name="conflict" checked={conflict === 'skip'} onChange={() => setConflict('skip')} /> Skip that secret
                </label>
                <label>
                  <input type="radio" name="conflict" checked={conflict === 'overwrite'} onChange={() => setConflict('overwrite')} /> Overwrite it
                </label>
                {conflict === 'overwrite' && (
                  <CheckField
                    label={`Yes, overwrite changes made in ${target.environmentName} since the diff`}
                    checked={confirmOverwrite}
                    onChange={setConfirmOverwrite}
                  />
                )}
              </fieldset>
              <TextField label={`Type the target environment to confirm: ${target.environmentName}`} value={typed} onChange={setTyped} mono />
            </>
          )}
          <TextField label="Reason (recorded in the audit log)" value={reason} onChange={setReason} />
          {codeNeeded && (
            <TextField
              label={`A fresh code from your authenticator (${target.environmentName} is protected)`}
              value={code}
              onChange={setCode}
              secret
              mono
            />
          )}
          {target.readOnly && <p className="form-error">This connection is read-only: nothing can be written.</p>}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {outcome?.dryRun && (
            <p className="muted">Dry run: nothing was written. {outcome.items.filter((i) => i.outcome === 'would-write').length} would be written.</p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              {outcome && !outcome.dryRun ? 'Done' : 'Cancel'}
            </button>
            {(outcome === null || outcome.dryRun) && (
              <>
                <button type="button" className="button" disabled={busy || !confirmed || writes.length === 0} onClick={() => void run(true)}>
                  Dry run
                </button>
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={busy || !confirmed || writes.length === 0 || target.readOnly || (target.protected && code.trim() === '')}
                >
                  {busy ? 'Writing…' : `Promote ${writes.length}`}
                </button>
              </>
            )}
            {outcome && !outcome.dryRun && outcome.promotionId && undone === null && outcome.items.some((i) => i.outcome === 'written') && (
              <button
                type="button"
                className="button button-danger"
                disabled={busy || (target.protected && code.trim() === '')}
                onClick={() => void undo()}
              >
                Undo (roll back updates, delete what was created)
              </button>
            )}
          </div>
        </form>
      </div>
    </Dialog>
  );
}
