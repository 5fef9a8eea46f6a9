import type { Db } from '../store/database';

/** An environment's own policy is stored under the empty name. */
export const ENVIRONMENT_NAME = '';

export interface PolicyRow {
  environmentId: string;
  /** '' for the environment's policy, else the secret's native name. */
  name: string;
  intervalDays: number;
  updatedAt: string;
}

interface Row {
  environment_id: string;
  name: string;
  interval_days: number;
  updated_at: string;
}

const fromRow = (row: Row): PolicyRow => ({
  environmentId: row.environment_id,
  name: row.name,
  intervalDays: row.interval_days,
  updatedAt: row.updated_at,
});

/** Keyhole-kept rotation intervals (migration 8, `rotation_policies`). */
export class PolicyStore {
  constructor(private readonly db: Db) {}

  list(): PolicyRow[] {
    return (this.db.prepare('SELECT * FROM rotation_policies ORDER BY environment_id, name').all() as Row[]).map(fromRow);
  }

  get(environmentId: string, name: string): PolicyRow | undefined {
    const row = this.db.prepare('SELECT * FROM rotation_policies WHERE environment_id = ? AND name = ?').get(environmentId, name) as Row | undefined;
    return row && fromRow(row);
  }

  set(row: PolicyRow): void {
    this.db
      .prepare(
        `INSERT INTO rotation_policies (environment_id, name, interval_days, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (environment_id, name) DO UPDATE SET interval_days = excluded.interval_days, updated_at = excluded.updated_at`,
      )
      .run(row.environmentId, row.name, row.intervalDays, row.updatedAt);
  }

  clear(environmentId: string, name: string): boolean {
    return this.db.prepare('DELETE FROM rotation_policies WHERE environment_id = ? AND name = ?').run(environmentId, name).changes > 0;
  }
}
