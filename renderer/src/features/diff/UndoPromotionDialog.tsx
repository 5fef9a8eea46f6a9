import { useState } from 'react';
import type { Output } from '../../../../shared/ipc/channel';
import type { PromotionSummary } from '../../../../shared/ipc/channels/diff';
import type { AppContract } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { explain } from '../../errors';
import { useDiff } from '../../stores/diff';
import { useNotices } from '../../stores/notices';
import { Badge } from '../../ui/Badge';
import { Dialog } from '../../ui/Dialog';
import { TextField } from '../../ui/fields';
import { plural, shortTime } from '../../ui/format';
import { withStepUp } from '../mfa/with-step-up';
import { promotionTarget } from './labels';

type Undone = Output<AppContract, 'diff:undo'>;

/**
 * Undo one recorded promotion: what it will put back (updates rolled back to the version before,
 * what it created removed, each refused if it changed since), a reason, and a fresh code where a
 * secret is protected; elsewhere main may ask for a step-up (settings.stepUpEverywhere).
 */
export function UndoPromotionDialog({ promotion, onClose }: { promotion: PromotionSummary; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [undone, setUndone] = useState<Undone | null>(null);
  // The list's hint; main has the last word (protection may have changed since it was listed).
  const [needsCode, setNeedsCode] = useState(promotion.codeRequired);
  const target = promotionTarget(promotion);
  const written = promotion.items.filter((item) => item.outcome === 'written');

  const undo = async () => {
    setBusy(true);
    setError(null);
    const answer = await withStepUp(
      (given) =>
        api.diff.undo({
          promotionId: promotion.id,
          ...(given?.trim() ? { reason: given.trim() } : {}),
          ...(needsCode ? { code: code.trim() } : {}),
        }),
      { purpose: `Undo the promotion into ${target}`, reason: reason.trim() || undefined },
      { dialog: !needsCode },
    );
    if (answer.ok) {
      setUndone(answer.value);
      const done = answer.value.items.filter((i) => i.outcome === 'done').length;
      useNotices.getState().push('info', `Undid ${done} of ${answer.value.items.length} in ${target}.`);
      const result = useDiff.getState().result;
      if (result && [result.a.environmentId, result.b.environmentId].includes(promotion.target.environmentId)) useDiff.getState().markStale();
      else void useDiff.getState().loadPromotions();
    } else if (answer.error) {
      if (answer.error.code === 'MFA_CODE_REQUIRED') setNeedsCode(true);
      setError(explain(answer.error));
    }
    setCode('');
    setBusy(false);
  };

  return (
    <Dialog
      title={`Undo the promotion into ${target}`}
      onClose={onClose}
      size="large"
      role="alertdialog"
      description={`Promoted ${shortTime(promotion.createdAt)}. Each updated secret is rolled back to the version before it, each created one is removed; a secret changed since is left as it is.`}
    >
      <div className="alertdialog-body">
        <table className="table compact promote-table" aria-label="What the undo puts back">
          <thead>
            <tr>
              <th>Secret</th>
              <th>Undo</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {written.map((item) => {
              const back = undone?.items.find((i) => i.name === item.name);
              return (
                <tr key={item.name}>
                  <td className="mono">{item.target}</td>
                  <td>{item.action === 'create' ? 'remove (it was created)' : 'roll back to the version before'}</td>
                  <td>
                    {back && (
                      <Badge tone={back.outcome === 'done' ? 'ok' : 'warn'} title={back.code ?? undefined}>
                        {back.action}
                        {back.outcome === 'done' ? '' : ` · ${back.outcome}${back.code ? ` (${back.code})` : ''}`}
                      </Badge>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {promotion.itemsOmitted > 0 && (
          <p className="muted">The list shows the first {plural(promotion.items.length, 'secret')}; the undo covers all of them.</p>
        )}
        <form
          className="promote-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (undone === null) void undo();
          }}
        >
          {undone === null && (
            <>
              <TextField label="Reason (recorded in the audit log)" value={reason} onChange={setReason} />
              {needsCode && (
                <TextField label={`A fresh code from your authenticator (${target} is protected)`} value={code} onChange={setCode} secret mono />
              )}
            </>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              {undone ? 'Done' : 'Cancel'}
            </button>
            {undone === null && (
              <button type="submit" className="button button-danger" disabled={busy || (needsCode && code.trim() === '')}>
                {busy ? 'Undoing…' : `Undo ${promotion.counts.written}`}
              </button>
            )}
          </div>
        </form>
      </div>
    </Dialog>
  );
}
