import type { z } from 'zod';
import { KeyholeError } from '../../../../../shared/errors';
import type { BulkTemplate, BulkView, bulkStatusSchema } from '../../../../../shared/ipc/channels/rotation';
import type { Db } from '../../store/database';

export type BulkStatus = z.infer<typeof bulkStatusSchema>;
export type BulkItem = BulkView['items'][number];

export interface BulkRecord {
  id: string;
  /** Random generators only, so no value is ever part of it. */
  template: BulkTemplate;
  continueOnFailure: boolean;
  status: BulkStatus;
  items: BulkItem[];
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  template: string;
  continue_on_failure: number;
  status: BulkStatus;
  items: string;
  created_at: string;
  updated_at: string;
}

/** Bulk rotations in SQLite (migration 8, rotation_bulks): one row each, items as JSON. */
export class BulkStore {
  constructor(private readonly db: Db) {}

  insert(record: BulkRecord): void {
    this.db
      .prepare(
        `INSERT INTO rotation_bulks (id, template, continue_on_failure, status, items, created_at, updated_at)
         VALUES (@id, @template, @continue_on_failure, @status, @items, @created_at, @updated_at)`,
      )
      .run(toRow(record));
  }

  save(record: BulkRecord): void {
    this.db.prepare('UPDATE rotation_bulks SET status = @status, items = @items, updated_at = @updated_at WHERE id = @id').run(toRow(record));
  }

  get(id: string): BulkRecord {
    const row = this.db.prepare('SELECT * FROM rotation_bulks WHERE id = ?').get(id) as Row | undefined;
    if (row === undefined) throw new KeyholeError('NOT_FOUND');
    return fromRow(row);
  }

  list(limit = 100): BulkRecord[] {
    return (this.db.prepare('SELECT * FROM rotation_bulks ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  /** At start: a bulk still marked running was cut off by a crash, a kill or a quit. */
  markInterrupted(now: string): number {
    return this.db.prepare(`UPDATE rotation_bulks SET status = 'interrupted', updated_at = ? WHERE status = 'running'`).run(now).changes;
  }
}

function toRow(record: BulkRecord): Row {
  return {
    id: record.id,
    template: JSON.stringify(record.template),
    continue_on_failure: record.continueOnFailure ? 1 : 0,
    status: record.status,
    items: JSON.stringify(record.items),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: Row): BulkRecord {
  return {
    id: row.id,
    template: JSON.parse(row.template) as BulkTemplate,
    continueOnFailure: row.continue_on_failure === 1,
    status: row.status,
    items: JSON.parse(row.items) as BulkItem[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
