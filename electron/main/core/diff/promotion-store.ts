import type { PromoteItem, UndoItem } from '../../../../shared/ipc/channels/diff';
import type { Db } from '../store/database';

/** Promotions kept for undo and the Recent promotions list; older ones are dropped on insert. */
export const KEEP_PROMOTIONS = 100;

/** What one promote wrote: names, target, versions and outcomes per item, never a value. */
export interface StoredPromotion {
  id: string;
  environmentId: string;
  fromEnvironmentId: string;
  createdAt: string;
  items: PromoteItem[];
  undone: boolean;
  undoneAt: string | null;
  /** The undo's per-item outcomes; null before it, or when it was cut off (a crash mid-undo). */
  undoItems: UndoItem[] | null;
}

interface PromotionRow {
  id: string;
  environment_id: string;
  from_environment_id: string;
  created_at: string;
  items: string;
  undone: number;
  undone_at: string | null;
  undo_items: string | null;
}

function fromRow(row: PromotionRow): StoredPromotion {
  return {
    id: row.id,
    environmentId: row.environment_id,
    fromEnvironmentId: row.from_environment_id,
    createdAt: row.created_at,
    items: JSON.parse(row.items) as PromoteItem[],
    undone: row.undone === 1,
    undoneAt: row.undone_at,
    undoItems: row.undo_items === null ? null : (JSON.parse(row.undo_items) as UndoItem[]),
  };
}

/** diff_promotions (migration 9). */
export class PromotionStore {
  constructor(private readonly db: Db) {}

  insert(promotion: Omit<StoredPromotion, 'undone' | 'undoneAt' | 'undoItems'>): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO diff_promotions (id, environment_id, from_environment_id, created_at, items) VALUES (?, ?, ?, ?, ?)')
        .run(promotion.id, promotion.environmentId, promotion.fromEnvironmentId, promotion.createdAt, JSON.stringify(promotion.items));
      this.db
        .prepare('DELETE FROM diff_promotions WHERE seq NOT IN (SELECT seq FROM diff_promotions ORDER BY seq DESC LIMIT ?)')
        .run(KEEP_PROMOTIONS);
    })();
  }

  get(id: string): StoredPromotion | undefined {
    const row = this.db.prepare('SELECT * FROM diff_promotions WHERE id = ?').get(id) as PromotionRow | undefined;
    return row && fromRow(row);
  }

  /** Newest first. */
  list(): StoredPromotion[] {
    return (this.db.prepare('SELECT * FROM diff_promotions ORDER BY seq DESC LIMIT ?').all(KEEP_PROMOTIONS) as PromotionRow[]).map(fromRow);
  }

  /** Marks it undone unless it already was: false when another undo got there first. */
  claimUndo(id: string, at: string): boolean {
    return this.db.prepare('UPDATE diff_promotions SET undone = 1, undone_at = ? WHERE id = ? AND undone = 0').run(at, id).changes === 1;
  }

  recordUndo(id: string, items: UndoItem[]): void {
    this.db.prepare('UPDATE diff_promotions SET undo_items = ? WHERE id = ?').run(JSON.stringify(items), id);
  }
}
