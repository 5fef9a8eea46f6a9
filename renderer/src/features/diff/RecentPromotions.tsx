import { useEffect, useId, useRef, useState } from 'react';
import type { PromotionSummary } from '../../../../shared/ipc/channels/diff';
import { useDiff } from '../../stores/diff';
import { Badge } from '../../ui/Badge';
import { plural, shortTime } from '../../ui/format';
import { OUTCOME_TONES, promotionRoute } from './labels';
import { UndoPromotionDialog } from './UndoPromotionDialog';

/**
 * The newest promotions as main keeps them (they survive a restart): where each went, what it
 * wrote, and an undo for each not yet undone. Names and outcomes only.
 */
export function RecentPromotions() {
  const promotions = useDiff((s) => s.promotions);
  const error = useDiff((s) => s.promotionsError);
  const [open, setOpen] = useState(true);
  const [undoing, setUndoing] = useState<PromotionSummary | null>(null);
  const titleId = useId();
  const listId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const reveal = useDiff((s) => s.revealPromotions);
  const loaded = promotions !== null || error !== null;
  useEffect(() => void useDiff.getState().loadPromotions(), []);
  // The palette's "Recent promotions": once the section is shown, open it and focus its heading.
  if (reveal && loaded && !open) setOpen(true);
  useEffect(() => {
    if (!reveal || !loaded) return;
    toggle.current?.focus();
    toggle.current?.scrollIntoView({ block: 'nearest' });
    useDiff.getState().setRevealPromotions(false);
  }, [reveal, loaded]);
  if (!loaded) return null;
  const count = promotions?.length ?? 0;
  return (
    <section className="promotions" aria-labelledby={titleId}>
      <h2 className="promotions-head" id={titleId}>
        <button ref={toggle} type="button" className="promotions-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Recent promotions <span className="muted">{count}</span>
        </button>
      </h2>
      {open && (
        <div id={listId} className="promotions-body">
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {count === 0 && !error && (
            <p className="muted promotions-empty">No promotions yet. Each one you make is kept here, with its undo, across restarts.</p>
          )}
          {count > 0 && (
            <ul className="promotions-list" aria-label="Promotions, newest first" tabIndex={0}>
              {promotions?.map((promotion) => (
                <Promotion key={promotion.id} promotion={promotion} onUndo={() => setUndoing(promotion)} />
              ))}
            </ul>
          )}
        </div>
      )}
      {undoing && <UndoPromotionDialog promotion={undoing} onClose={() => setUndoing(null)} />}
    </section>
  );
}

function Promotion({ promotion, onUndo }: { promotion: PromotionSummary; onUndo(): void }) {
  const [expanded, setExpanded] = useState(false);
  const summaryId = useId();
  const itemsId = useId();
  const { written, conflicts, failed } = promotion.counts;
  const gone = promotion.target.environmentName === null;
  const undoable = !promotion.undone && written > 0 && !gone;
  return (
    <li className="promotion" aria-labelledby={summaryId}>
      <div className="promotion-row">
        <span id={summaryId} className="promotion-summary">
          <time dateTime={promotion.createdAt}>{shortTime(promotion.createdAt)}</time>
          <span className="promotion-route">{promotionRoute(promotion)}</span>
        </span>
        <span className="promotion-counts">
          <Badge tone={written > 0 ? 'ok' : 'neutral'}>{written} written</Badge>
          {conflicts > 0 && <Badge tone="warn">{plural(conflicts, 'conflict')}</Badge>}
          {failed > 0 && <Badge tone="danger">{failed} failed</Badge>}
        </span>
        <span className="promotion-actions">
          <button
            type="button"
            className="button button-small"
            aria-expanded={expanded}
            aria-controls={itemsId}
            onClick={() => setExpanded(!expanded)}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {plural(promotion.counts.items, 'secret')}
          </button>
          {promotion.undone ? (
            <span
              className="promotion-undone"
              title={promotion.undoItems === null ? 'The app stopped during the undo: its results were not recorded (see the audit log).' : undefined}
            >
              undone {shortTime(promotion.undoneAt)}
              {promotion.undoItems === null ? ' (results not recorded)' : ''}
            </span>
          ) : undoable ? (
            <button type="button" className="button button-small" aria-describedby={summaryId} disabled={promotion.target.readOnly} onClick={onUndo}>
              Undo…
            </button>
          ) : (
            <span className="muted">{gone && written > 0 ? 'environment removed' : 'nothing to undo'}</span>
          )}
        </span>
      </div>
      {expanded && (
        <ul id={itemsId} className="promotion-items" aria-label="Secrets in this promotion">
          {promotion.items.map((item) => {
            const back = promotion.undoItems?.find((u) => u.name === item.name);
            return (
              <li key={item.name}>
                <span className="mono">{item.target}</span>
                <span className="muted">{item.action}</span>
                <Badge tone={OUTCOME_TONES[item.outcome]} title={item.code ?? undefined}>
                  {item.outcome}
                  {item.code ? ` (${item.code})` : ''}
                </Badge>
                {back && (
                  <Badge tone={back.outcome === 'done' ? 'ok' : 'warn'} title={back.code ?? undefined}>
                    {back.action}
                    {back.outcome === 'done' ? '' : ` · ${back.outcome}`}
                  </Badge>
                )}
              </li>
            );
          })}
          {promotion.itemsOmitted > 0 && <li className="muted">and {plural(promotion.itemsOmitted, 'more secret')} (see the audit log)</li>}
        </ul>
      )}
    </li>
  );
}
