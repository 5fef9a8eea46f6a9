import { PROMOTION_ITEMS_SHOWN, type PromotionSummary } from '../../../../shared/ipc/channels/diff';
import type { DiffService, Side } from './diff-service';
import type { StoredPromotion } from './promotion-store';

function sideOf(diffs: DiffService, environmentId: string): Side | null {
  try {
    return diffs.side(environmentId);
  } catch {
    // Removed since the promote: the record stays, named by id only.
    return null;
  }
}

type Protection = ReturnType<DiffService['deps']['connections']['protection']>;

/**
 * One stored promotion as the Recent promotions list shows it: names and outcomes, counts, undo
 * state. `protection`: the protection rules, read once for the whole list.
 */
export function summarizePromotion(promotion: StoredPromotion, diffs: DiffService, protection: Protection): PromotionSummary {
  const b = sideOf(diffs, promotion.environmentId);
  const a = sideOf(diffs, promotion.fromEnvironmentId);
  const written = promotion.items.filter((item) => item.outcome === 'written');
  const count = (outcome: string) => promotion.items.filter((item) => item.outcome === outcome).length;
  return {
    id: promotion.id,
    createdAt: promotion.createdAt,
    from: { environmentId: promotion.fromEnvironmentId, environmentName: a?.environment.name ?? null, connectionName: a?.connection.name ?? null },
    target: {
      environmentId: promotion.environmentId,
      environmentName: b?.environment.name ?? null,
      connectionName: b?.connection.name ?? null,
      readOnly: b?.connection.readOnly ?? false,
    },
    counts: { items: promotion.items.length, written: written.length, conflicts: count('conflict'), failed: count('failed') },
    undone: promotion.undone,
    undoneAt: promotion.undoneAt,
    codeRequired: b !== null && written.some((item) => protection(b.environment, b.connection, item.target)),
    items: promotion.items
      .slice(0, PROMOTION_ITEMS_SHOWN)
      .map(({ name, target, action, outcome, code }) => ({ name, target, action, outcome, code })),
    itemsOmitted: Math.max(0, promotion.items.length - PROMOTION_ITEMS_SHOWN),
    undoItems: promotion.undoItems?.slice(0, PROMOTION_ITEMS_SHOWN) ?? null,
  };
}
