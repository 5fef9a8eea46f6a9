import { KeyholeError } from '../../../../shared/errors';
import type { RotationStatus, RotationStepName, StepStatus } from '../../../../shared/ipc/channels/rotation';
import type { Db } from '../store/database';
import type { StoredPlan } from './plan';

export interface StepState {
  name: RotationStepName;
  status: StepStatus;
  plan: string;
  result?: string;
  at?: string;
}

export interface RotationRecord {
  id: string;
  connectionId: string;
  environmentId: string;
  name: string;
  plan: StoredPlan;
  status: RotationStatus;
  awaiting: 'apply' | 'promote' | null;
  undoing: boolean;
  steps: StepState[];
  baseVersion: string | null;
  newVersion: string | null;
  escrow: Buffer | null;
  error: { code: string; message: string } | null;
  /** The bulk rotation this rotation ran as an item of. */
  bulkId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  connection_id: string;
  environment_id: string;
  name: string;
  plan: string;
  status: RotationStatus;
  awaiting: 'apply' | 'promote' | null;
  undoing: number;
  steps: string;
  base_version: string | null;
  new_version: string | null;
  escrow: Buffer | null;
  error_code: string | null;
  error_message: string | null;
  bulk_id: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Rotations in SQLite. Every change is one statement, so a step's state and its escrow are
 * durable together before the next step acts (WAL: a committed write survives a killed process).
 */
export class RotationStore {
  constructor(private readonly db: Db) {}

  insert(record: RotationRecord): void {
    try {
      this.db
        .prepare(
          `INSERT INTO rotations (id, connection_id, environment_id, name, plan, status, awaiting, undoing, steps, base_version, new_version, escrow, error_code, error_message, bulk_id, created_at, updated_at)
           VALUES (@id, @connection_id, @environment_id, @name, @plan, @status, @awaiting, @undoing, @steps, @base_version, @new_version, @escrow, @error_code, @error_message, @bulk_id, @created_at, @updated_at)`,
        )
        .run(toRow(record));
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new KeyholeError('ROTATION_PENDING', { path: record.name });
      throw error;
    }
  }

  save(record: RotationRecord): void {
    this.db
      .prepare(
        `UPDATE rotations SET status = @status, awaiting = @awaiting, undoing = @undoing, steps = @steps, base_version = @base_version,
           new_version = @new_version, escrow = @escrow, error_code = @error_code, error_message = @error_message, updated_at = @updated_at
         WHERE id = @id`,
      )
      .run(toRow(record));
  }

  get(id: string): RotationRecord {
    const row = this.db.prepare('SELECT * FROM rotations WHERE id = ?').get(id) as Row | undefined;
    if (row === undefined) throw new KeyholeError('NOT_FOUND');
    return fromRow(row);
  }

  list(limit = 200): RotationRecord[] {
    return (this.db.prepare('SELECT * FROM rotations ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  /** Every rotation of an environment, or of one secret in it, newest first (no limit: a history). */
  listFor(environmentId: string, name?: string): RotationRecord[] {
    const rows =
      name === undefined
        ? this.db.prepare('SELECT * FROM rotations WHERE environment_id = ? ORDER BY created_at DESC, rowid DESC').all(environmentId)
        : this.db
            .prepare('SELECT * FROM rotations WHERE environment_id = ? AND name = ? ORDER BY created_at DESC, rowid DESC')
            .all(environmentId, name);
    return (rows as Row[]).map(fromRow);
  }

  unfinished(environmentId: string, name: string): RotationRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM rotations WHERE environment_id = ? AND name = ? AND (status IN ('running', 'awaiting-confirmation', 'interrupted') OR escrow IS NOT NULL)`,
      )
      .get(environmentId, name) as Row | undefined;
    return row && fromRow(row);
  }

  /** At start: a rotation still marked running was cut off by a crash, a kill or a quit. */
  markInterrupted(now: string): number {
    return this.db.prepare(`UPDATE rotations SET status = 'interrupted', updated_at = ? WHERE status = 'running'`).run(now).changes;
  }
}

function toRow(record: RotationRecord): Row {
  return {
    id: record.id,
    connection_id: record.connectionId,
    environment_id: record.environmentId,
    name: record.name,
    plan: JSON.stringify(record.plan),
    status: record.status,
    awaiting: record.awaiting,
    undoing: record.undoing ? 1 : 0,
    steps: JSON.stringify(record.steps),
    base_version: record.baseVersion,
    new_version: record.newVersion,
    escrow: record.escrow,
    error_code: record.error?.code ?? null,
    error_message: record.error?.message ?? null,
    bulk_id: record.bulkId,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: Row): RotationRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    environmentId: row.environment_id,
    name: row.name,
    plan: JSON.parse(row.plan) as StoredPlan,
    status: row.status,
    awaiting: row.awaiting,
    undoing: row.undoing === 1,
    steps: JSON.parse(row.steps) as StepState[],
    baseVersion: row.base_version,
    newVersion: row.new_version,
    escrow: row.escrow,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    bulkId: row.bulk_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
