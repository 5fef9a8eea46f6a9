import { hostname, userInfo } from 'node:os';
import { KeyholeError } from '../../../../shared/errors';
import type { AuditEvent, AuditOutcome } from '../../../../shared/audit';
import type { Clock, CredentialStore } from '../ports';
import type { Db } from '../store/database';
import { GENESIS_HASH, hashEvent, type UnhashedEvent } from './chain';

export const AUDIT_HEAD_ACCOUNT = 'audit:head';

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditFields {
  action: string;
  principal?: string | null;
  connectionId?: string | null;
  environmentId?: string | null;
  path?: string | null;
  version?: string | null;
  reason?: string | null;
  details?: AuditDetails;
}

export interface OutcomeFields {
  version?: string | null;
  code?: string | null;
  requestId?: string | null;
  details?: AuditDetails;
}

/** An attempt waiting for its outcome. */
export interface AuditAttempt {
  readonly seq: number;
  succeed(fields?: OutcomeFields): Promise<AuditEvent>;
  fail(outcome: Exclude<AuditOutcome, 'success'>, fields?: OutcomeFields): Promise<AuditEvent>;
}

const ACTION = /^[a-z][a-z0-9_.-]{1,63}$/;
const MAX_DETAIL = 512;

/** An audit_events row as SQLite returns it. */
export interface AuditRowRecord {
  seq: number;
  time: string;
  actor_user: string;
  actor_host: string;
  principal: string | null;
  action: string;
  phase: AuditEvent['phase'];
  attempt_seq: number | null;
  connection_id: string | null;
  environment_id: string | null;
  path: string | null;
  version: string | null;
  outcome: AuditOutcome | null;
  code: string | null;
  request_id: string | null;
  reason: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The one INSERT of an event row; `eventParams` gives its parameters in order. */
export const INSERT_EVENT_SQL = `INSERT INTO audit_events (seq, time, actor_user, actor_host, principal, action, phase, attempt_seq,
  connection_id, environment_id, path, version, outcome, code, request_id, reason, details, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function eventParams(e: AuditEvent): unknown[] {
  return [
    e.seq,
    e.time,
    e.actorUser,
    e.actorHost,
    e.principal,
    e.action,
    e.phase,
    e.attemptSeq,
    e.connectionId,
    e.environmentId,
    e.path,
    e.version,
    e.outcome,
    e.code,
    e.requestId,
    e.reason,
    JSON.stringify(e.details),
    e.prevHash,
    e.hash,
  ];
}

export function rowToEvent(row: AuditRowRecord): AuditEvent {
  return eventFromRow(row, JSON.parse(row.details) as AuditEvent['details']);
}

/** A row with its details already parsed (the export parses them once, in canonical order). */
export function eventFromRow(row: AuditRowRecord, details: AuditEvent['details']): AuditEvent {
  return {
    seq: row.seq,
    time: row.time,
    actorUser: row.actor_user,
    actorHost: row.actor_host,
    principal: row.principal,
    action: row.action,
    phase: row.phase,
    attemptSeq: row.attempt_seq,
    connectionId: row.connection_id,
    environmentId: row.environment_id,
    path: row.path,
    version: row.version,
    outcome: row.outcome,
    code: row.code,
    requestId: row.request_id,
    reason: row.reason,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The append-only, hash-chained audit store (ARCHITECTURE: Audit). Every capability writes an
 * attempt before it acts and an outcome after; a failure to write is AUDIT_UNAVAILABLE and the
 * action does not happen (fail closed). The latest (seq, hash) is mirrored to the keychain so a
 * truncated or rolled-back file is caught by verification.
 */
export class AuditLog {
  private readonly actorUser: string;
  private readonly actorHost: string;
  private headWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly keychain: CredentialStore,
    private readonly clock: Clock,
  ) {
    this.actorUser = safeUser();
    this.actorHost = wellFormed(hostname());
  }

  async attempt(fields: AuditFields): Promise<AuditAttempt> {
    const attempt = await this.append({ ...fields, phase: 'attempt', attemptSeq: null, outcome: null });
    const finish = (outcome: AuditOutcome, extra: OutcomeFields = {}) =>
      this.append({
        ...fields,
        phase: 'outcome',
        attemptSeq: attempt.seq,
        outcome,
        version: extra.version ?? fields.version ?? null,
        code: extra.code ?? null,
        requestId: extra.requestId ?? null,
        details: { ...(fields.details ?? {}), ...(extra.details ?? {}) },
      });
    return {
      seq: attempt.seq,
      succeed: (extra) => finish('success', extra),
      fail: (outcome, extra) => finish(outcome, extra),
    };
  }

  /** A single event with its outcome already known (a refusal, an MFA failure, a setting change). */
  async record(fields: AuditFields & { outcome: AuditOutcome; code?: string | null; requestId?: string | null }): Promise<AuditEvent> {
    return this.append({ ...fields, phase: 'event', attemptSeq: null });
  }

  /**
   * Runs `action` between an attempt and its outcome: the attempt is durable before the action
   * starts, and the outcome records the error code (never its message) when it throws.
   */
  async around<T>(fields: AuditFields, action: () => Promise<T>, outcomeOf?: (result: T) => OutcomeFields): Promise<T> {
    const attempt = await this.attempt(fields);
    let result: T;
    try {
      result = await action();
    } catch (error) {
      const code = error instanceof KeyholeError ? error.code : 'INTERNAL';
      const refused = code === 'STEP_UP_REQUIRED' || code === 'PROTECTED_CHANGE' || code === 'READ_ONLY' || code === 'LOCKED';
      await attempt.fail(refused ? 'refused' : 'failure', {
        code,
        requestId: error instanceof KeyholeError ? (error.requestId ?? null) : null,
      });
      throw error;
    }
    await attempt.succeed(outcomeOf?.(result));
    return result;
  }

  list(limit: number, beforeSeq?: number): AuditEvent[] {
    const rows = (
      beforeSeq === undefined
        ? this.db.prepare('SELECT * FROM audit_events ORDER BY seq DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit)
    ) as AuditRowRecord[];
    return rows.map(rowToEvent);
  }

  /** Waits for the keychain mirror of the head to be written (tests, shutdown). */
  flush(): Promise<void> {
    return this.headWrite;
  }

  private async append(
    fields: AuditFields & {
      phase: AuditEvent['phase'];
      attemptSeq: number | null;
      outcome: AuditOutcome | null;
      code?: string | null;
      requestId?: string | null;
    },
  ): Promise<AuditEvent> {
    if (!ACTION.test(fields.action)) throw new KeyholeError('INTERNAL', { detail: 'bad audit action' });
    let event: AuditEvent;
    try {
      event = this.db.transaction(() => {
        const last = this.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
        const unhashed: UnhashedEvent = {
          seq: (last?.seq ?? 0) + 1,
          time: new Date(this.clock.now()).toISOString(),
          actorUser: this.actorUser,
          actorHost: this.actorHost,
          principal: optionalText(fields.principal),
          action: fields.action,
          phase: fields.phase,
          attemptSeq: fields.attemptSeq,
          connectionId: optionalText(fields.connectionId),
          environmentId: optionalText(fields.environmentId),
          path: optionalText(fields.path),
          version: optionalText(fields.version),
          outcome: fields.outcome,
          code: optionalText(fields.code),
          requestId: optionalText(fields.requestId),
          reason: optionalText(fields.reason?.slice(0, 500)),
          details: boundDetails(fields.details ?? {}),
          prevHash: last?.hash ?? GENESIS_HASH,
        };
        const full: AuditEvent = { ...unhashed, hash: hashEvent(unhashed) };
        this.db.prepare(INSERT_EVENT_SQL).run(...eventParams(full));
        return full;
      })();
    } catch {
      throw new KeyholeError('AUDIT_UNAVAILABLE');
    }
    const head = JSON.stringify({ seq: event.seq, hash: event.hash });
    // Serialised so the keychain always ends on the newest head, whatever order awaits resume in.
    const write = this.headWrite.then(() => this.keychain.set(AUDIT_HEAD_ACCOUNT, head));
    this.headWrite = write.catch(() => undefined);
    try {
      await write;
    } catch {
      throw new KeyholeError('AUDIT_UNAVAILABLE');
    }
    return event;
  }
}

function boundDetails(details: AuditDetails): AuditDetails {
  const out: AuditDetails = {};
  for (const [key, value] of Object.entries(details).slice(0, 32)) {
    out[wellFormed(key.slice(0, 64))] = typeof value === 'string' ? wellFormed(value.slice(0, MAX_DETAIL)) : value;
  }
  return out;
}

/**
 * SQLite stores text as UTF-8, which cannot hold a lone UTF-16 surrogate: it would come back as
 * U+FFFD and no longer match the hash computed here. So the event is made well-formed first.
 */
function wellFormed(text: string): string {
  return text.replace(/\p{Surrogate}/gu, '\uFFFD');
}

/**
 * A nullable text field: absent or empty is null, so an exported empty cell always means null and
 * an auditor can rebuild the hashed form from the CSV alone.
 */
function optionalText(text: string | null | undefined): string | null {
  return text === undefined || text === null || text === '' ? null : wellFormed(text);
}

function safeUser(): string {
  try {
    return wellFormed(userInfo().username);
  } catch {
    return 'unknown';
  }
}
