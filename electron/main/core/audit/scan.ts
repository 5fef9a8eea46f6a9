import { KeyholeError } from '../../../../shared/errors';
import type { Db } from '../store/database';
import type { AuditRowRecord } from './audit-log';
import type { SqlWhere } from './audit-filter';

export interface ScanOptions {
  /** Only rows with seq above this (exclusive). */
  afterSeq?: number;
  /** Only rows with seq below this (exclusive), e.g. the export's own attempt. */
  beforeSeq?: number;
  batch?: number;
  signal?: AbortSignal;
}

/**
 * Rows in seq order, in keyset batches. No statement stays open between batches, so the audit log
 * can append while a long scan waits on a slow disk (better-sqlite3 refuses writes on a connection
 * with an open iterator), memory stays bounded, and the event loop runs between batches.
 */
export async function* scanRows(db: Db, where: SqlWhere, options: ScanOptions = {}): AsyncGenerator<AuditRowRecord[]> {
  const batch = options.batch ?? 2000;
  // NOT INDEXED: walk the table once in seq order. With a filter index SQLite may sort every
  // remaining match per batch (IN lists), which is quadratic over a large log.
  const statement = db.prepare(`SELECT * FROM audit_events NOT INDEXED WHERE ${where.sql} AND seq > ? AND seq < ? ORDER BY seq LIMIT ?`);
  const before = options.beforeSeq ?? Number.MAX_SAFE_INTEGER;
  let after = options.afterSeq ?? 0;
  for (;;) {
    if (options.signal?.aborted) throw new KeyholeError('CANCELLED');
    const rows = statement.all(...where.params, after, before, batch) as AuditRowRecord[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.seq;
    if (rows.length < batch) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
