/**
 * Versioned schema migrations, applied in order inside one transaction each. Append only:
 * a released migration is never edited, a change is a new entry.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings, connections, environments',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('vault', 'aws', 'azure')),
        config TEXT NOT NULL,
        read_only INTEGER NOT NULL,
        ca_pem TEXT,
        proxy_url TEXT,
        sandbox INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE environments (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        scope TEXT NOT NULL,
        name_mapping TEXT NOT NULL,
        protected INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX environments_connection ON environments(connection_id);
    `,
  },
  {
    version: 2,
    name: 'audit events',
    sql: `
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor_user TEXT NOT NULL,
        actor_host TEXT NOT NULL,
        principal TEXT,
        action TEXT NOT NULL,
        phase TEXT NOT NULL CHECK (phase IN ('attempt', 'outcome', 'event')),
        attempt_seq INTEGER,
        connection_id TEXT,
        environment_id TEXT,
        path TEXT,
        version TEXT,
        outcome TEXT CHECK (outcome IN ('success', 'failure', 'refused')),
        code TEXT,
        request_id TEXT,
        reason TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_time ON audit_events(time);
      CREATE INDEX audit_events_path ON audit_events(connection_id, environment_id, path);
      -- Append only: the application never updates or deletes a row in place.
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    `,
  },
  {
    version: 3,
    name: 'mfa state and recovery codes',
    sql: `
      -- One row. enrollment_id names the keychain entry holding the TOTP secret (NULL: not enrolled).
      CREATE TABLE mfa_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enrollment_id TEXT,
        enrolled_at TEXT,
        last_step INTEGER,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO mfa_state (id) VALUES (1);
      -- scrypt hashes with a salt each; a used code keeps its row with used_at set.
      CREATE TABLE mfa_recovery_codes (
        id INTEGER PRIMARY KEY,
        enrollment_id TEXT NOT NULL,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        used_at TEXT
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'audit queries and retention',
    sql: `
      -- Keyset pages (newest first) per filter: each index ends in the rowid (seq), so one value's
      -- rows come out in seq order without a sort.
      CREATE INDEX audit_events_action ON audit_events(action);
      CREATE INDEX audit_events_connection ON audit_events(connection_id);
      CREATE INDEX audit_events_environment ON audit_events(environment_id);
      CREATE INDEX audit_events_principal ON audit_events(principal) WHERE principal IS NOT NULL;
      CREATE INDEX audit_events_actor ON audit_events(actor_user, actor_host);
      -- Failure bursts per actor over time; only failures and refusals are indexed.
      CREATE INDEX audit_events_failures ON audit_events(actor_user, actor_host, time) WHERE outcome IN ('failure', 'refused');
      -- Retention: the newest anchor says where the remaining chain starts.
      CREATE TABLE audit_pruned (
        through_seq INTEGER PRIMARY KEY,
        through_hash TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        count INTEGER NOT NULL,
        pruned_at TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_pruned_forward BEFORE INSERT ON audit_pruned
        WHEN NEW.through_seq <= COALESCE((SELECT MAX(through_seq) FROM audit_pruned), 0)
        BEGIN SELECT RAISE(ABORT, 'audit anchors only move forward'); END;
      CREATE TRIGGER audit_pruned_no_update BEFORE UPDATE ON audit_pruned BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
      CREATE TRIGGER audit_pruned_no_delete BEFORE DELETE ON audit_pruned BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
      -- Pruning is the only path that deletes: a row may go only once an anchor covers it.
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        WHEN OLD.seq > COALESCE((SELECT MAX(through_seq) FROM audit_pruned), 0)
        BEGIN SELECT RAISE(ABORT, 'audit events are removed only by retention pruning'); END;
    `,
  },
  {
    version: 5,
    name: 'audit time buckets from an index',
    sql: `
      -- Time ranges and per-action counts over time read this index alone (no table rows); it
      -- replaces the time-only index.
      CREATE INDEX audit_events_time_action ON audit_events(time, action);
      DROP INDEX audit_events_time;
    `,
  },
  {
    version: 6,
    name: 'saved diff definitions',
    sql: `
      -- Two environments and the renames that match their secrets, to re-run a diff. Removing an
      -- environment removes the definitions that use it.
      CREATE TABLE diff_definitions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        a_environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        b_environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
        renames TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 7,
    name: 'rotations',
    sql: `
      -- A guided rotation and its durable steps. escrow holds AES-256-GCM ciphertext only (the key
      -- is in the keychain) and is cleared when the rotation ends. At most one unfinished rotation
      -- per secret (a failed undo keeps its escrow, and blocks, until it is aborted again).
      CREATE TABLE rotations (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        plan TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'awaiting-confirmation', 'interrupted', 'failed', 'rolled-back', 'completed')),
        awaiting TEXT CHECK (awaiting IN ('apply', 'promote')),
        undoing INTEGER NOT NULL DEFAULT 0,
        steps TEXT NOT NULL,
        base_version TEXT,
        new_version TEXT,
        escrow BLOB,
        error_code TEXT,
        error_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX rotations_unfinished ON rotations(environment_id, name) WHERE status IN ('running', 'awaiting-confirmation', 'interrupted') OR escrow IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'native rotations, rotation policies, bulk rotations',
    sql: `
      -- An AWS native rotation (RotateSecret) as Keyhole followed it: labels and the function's log
      -- turned into step states. No value is ever held here.
      CREATE TABLE native_rotations (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        immediately INTEGER NOT NULL,
        version TEXT NOT NULL,
        lambda_arn TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'failed', 'completed', 'cancelled', 'interrupted')),
        steps TEXT NOT NULL,
        failed_step TEXT,
        failed_step_uncertain INTEGER NOT NULL DEFAULT 0,
        left_behind TEXT,
        pending_version TEXT,
        log_read INTEGER NOT NULL DEFAULT 0,
        automatic_rotation INTEGER,
        bulk_id TEXT,
        error_code TEXT,
        error_message TEXT,
        started_at_ms INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX native_rotations_secret ON native_rotations(environment_id, name);

      -- Keyhole-kept rotation intervals: one per environment (name = '') or per secret.
      CREATE TABLE rotation_policies (
        environment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        interval_days INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 3650),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (environment_id, name)
      ) STRICT;

      -- A bulk rotation: its template (no value: random generators only) and per-item results.
      CREATE TABLE rotation_bulks (
        id TEXT PRIMARY KEY,
        template TEXT NOT NULL,
        continue_on_failure INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'stopped', 'cancelled', 'interrupted')),
        items TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE rotations ADD COLUMN bulk_id TEXT;
      CREATE INDEX rotations_secret ON rotations(environment_id, name);
    `,
  },
  {
    version: 9,
    name: 'diff promotions',
    sql: `
      -- What each promote wrote, so its undo survives a restart: names, target, versions and
      -- outcomes per item (never a value). undo_items holds the undo's per-item outcomes. The
      -- newest 100 are kept.
      CREATE TABLE diff_promotions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        environment_id TEXT NOT NULL,
        from_environment_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        items TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0,
        undone_at TEXT,
        undo_items TEXT
      ) STRICT;
    `,
  },
];
