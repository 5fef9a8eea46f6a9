import type { AwsRotationStep } from '../../../../../shared/domain';
import { KeyholeError } from '../../../../../shared/errors';
import type { StepStatus } from '../../../../../shared/ipc/channels/rotation';
import type { Db } from '../../store/database';

export type NativeStatus = 'running' | 'failed' | 'completed' | 'cancelled' | 'interrupted';

export interface NativeStep {
  name: AwsRotationStep;
  status: StepStatus;
  plan: string;
  result?: string;
  at?: string;
}

/** An AWS native rotation as Keyhole followed it: labels and log lines as step states, never a value. */
export interface NativeRecord {
  id: string;
  connectionId: string;
  environmentId: string;
  name: string;
  immediately: boolean;
  /** The ClientRequestToken given to RotateSecret: the version the rotation creates. */
  version: string;
  lambdaArn: string | null;
  status: NativeStatus;
  steps: NativeStep[];
  failedStep: AwsRotationStep | null;
  failedStepUncertain: boolean;
  leftBehind: string | null;
  pendingVersion: string | null;
  logRead: boolean;
  automaticRotation: boolean | null;
  bulkId: string | null;
  error: { code: string; message: string } | null;
  /** The function's log is read from here on: when the provider made the version, in its own time where known. */
  startedAtMs: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  connection_id: string;
  environment_id: string;
  name: string;
  immediately: number;
  version: string;
  lambda_arn: string | null;
  status: NativeStatus;
  steps: string;
  failed_step: string | null;
  failed_step_uncertain: number;
  left_behind: string | null;
  pending_version: string | null;
  log_read: number;
  automatic_rotation: number | null;
  bulk_id: string | null;
  error_code: string | null;
  error_message: string | null;
  started_at_ms: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = [
  'id',
  'connection_id',
  'environment_id',
  'name',
  'immediately',
  'version',
  'lambda_arn',
  'status',
  'steps',
  'failed_step',
  'failed_step_uncertain',
  'left_behind',
  'pending_version',
  'log_read',
  'automatic_rotation',
  'bulk_id',
  'error_code',
  'error_message',
  'started_at_ms',
  'created_at',
  'updated_at',
] as const;

/** Native rotations in SQLite (migration 8, native_rotations); each change is one statement. */
export class NativeStore {
  constructor(private readonly db: Db) {}

  insert(record: NativeRecord): void {
    this.db.prepare(`INSERT INTO native_rotations (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`).run(toRow(record));
  }

  save(record: NativeRecord): void {
    const set = COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = @${c}`)
      .join(', ');
    this.db.prepare(`UPDATE native_rotations SET ${set} WHERE id = @id`).run(toRow(record));
  }

  find(id: string): NativeRecord | undefined {
    const row = this.db.prepare('SELECT * FROM native_rotations WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  get(id: string): NativeRecord {
    const record = this.find(id);
    if (record === undefined) throw new KeyholeError('NOT_FOUND');
    return record;
  }

  list(limit = 200): NativeRecord[] {
    return (this.db.prepare('SELECT * FROM native_rotations ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  /** Every native rotation of an environment, or of one secret in it, newest first (no limit: a history). */
  listFor(environmentId: string, name?: string): NativeRecord[] {
    const rows =
      name === undefined
        ? this.db.prepare('SELECT * FROM native_rotations WHERE environment_id = ? ORDER BY created_at DESC, rowid DESC').all(environmentId)
        : this.db
            .prepare('SELECT * FROM native_rotations WHERE environment_id = ? AND name = ? ORDER BY created_at DESC, rowid DESC')
            .all(environmentId, name);
    return (rows as Row[]).map(fromRow);
  }

  running(): NativeRecord[] {
    return (this.db.prepare(`SELECT * FROM native_rotations WHERE status = 'running' ORDER BY created_at`).all() as Row[]).map(fromRow);
  }

  runningFor(environmentId: string, name: string): NativeRecord | undefined {
    const row = this.db
      .prepare(`SELECT * FROM native_rotations WHERE environment_id = ? AND name = ? AND status = 'running'`)
      .get(environmentId, name) as Row | undefined;
    return row && fromRow(row);
  }
}

function toRow(record: NativeRecord): Row {
  return {
    id: record.id,
    connection_id: record.connectionId,
    environment_id: record.environmentId,
    name: record.name,
    immediately: record.immediately ? 1 : 0,
    version: record.version,
    lambda_arn: record.lambdaArn,
    status: record.status,
    steps: JSON.stringify(record.steps),
    failed_step: record.failedStep,
    failed_step_uncertain: record.failedStepUncertain ? 1 : 0,
    left_behind: record.leftBehind,
    pending_version: record.pendingVersion,
    log_read: record.logRead ? 1 : 0,
    automatic_rotation: record.automaticRotation === null ? null : record.automaticRotation ? 1 : 0,
    bulk_id: record.bulkId,
    error_code: record.error?.code ?? null,
    error_message: record.error?.message ?? null,
    started_at_ms: record.startedAtMs,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: Row): NativeRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    environmentId: row.environment_id,
    name: row.name,
    immediately: row.immediately === 1,
    version: row.version,
    lambdaArn: row.lambda_arn,
    status: row.status,
    steps: JSON.parse(row.steps) as NativeStep[],
    failedStep: row.failed_step as AwsRotationStep | null,
    failedStepUncertain: row.failed_step_uncertain === 1,
    leftBehind: row.left_behind,
    pendingVersion: row.pending_version,
    logRead: row.log_read === 1,
    automaticRotation: row.automatic_rotation === null ? null : row.automatic_rotation === 1,
    bulkId: row.bulk_id,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    startedAtMs: row.started_at_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
