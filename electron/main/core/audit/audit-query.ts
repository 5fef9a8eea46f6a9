import {
  actionKind,
  FAILURE_BURST,
  type ActorSummary,
  type AuditEvent,
  type AuditFacets,
  type AuditFilter,
  type AuditHistogram,
  type AuditPage,
  type AuditRow,
  type FailureBurst,
  type SecretAudit,
} from '../../../../shared/audit';
import type { Db } from '../store/database';
import { rowToEvent, type AuditRowRecord } from './audit-log';
import { filterWhere } from './audit-filter';
import { findBursts, type FailurePoint } from './bursts';

const FAILED = "outcome IN ('failure', 'refused')";
const WINDOW_MS = FAILURE_BURST.windowMinutes * 60_000;
const MAX_BURSTS = 200;

export interface SecretRef {
  connectionId: string;
  environmentId: string;
  path: string;
}

interface FailureRow {
  seq: number;
  time: string;
  actor_user: string;
  actor_host: string;
  action: string;
}

/**
 * Read-only queries for the audit view. Pages are keyset pages by seq, newest first; every query
 * takes the same filter (audit-filter.ts) and the store's indexes (migration 4) keep a filtered
 * page over a million events fast.
 */
export class AuditQueries {
  constructor(private readonly db: Db) {}

  /** One page of events newest first, each flagged when it belongs to a failure burst. */
  page(filter: AuditFilter, limit: number, beforeSeq?: number): AuditPage {
    const where = filterWhere(filter);
    const rows = this.db
      .prepare(`SELECT * FROM audit_events WHERE ${where.sql} AND seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(...where.params, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AuditRowRecord[];
    return this.toPage(rows.map(rowToEvent), limit);
  }

  /**
   * Counts per action over `buckets` equal time buckets spanning the filter's range, or the log's
   * first to last event. Without a bound, the outer buckets also take the events beyond it (a clock
   * set back). One index range read per bucket on (time, action): no per-row date arithmetic.
   */
  histogram(filter: AuditFilter, buckets: number): AuditHistogram {
    const { from, to, ...rest } = filter;
    const where = filterWhere(rest);
    const edge = (order: 'ASC' | 'DESC') =>
      this.db.prepare(`SELECT time FROM audit_events ORDER BY seq ${order} LIMIT 1`).pluck().get() as string | undefined;
    const fromMs = Date.parse(from ?? edge('ASC') ?? new Date(0).toISOString());
    const lastMs = to !== undefined ? Date.parse(to) : Date.parse(edge('DESC') ?? new Date(0).toISOString()) + 1;
    const toMs = Math.max(lastMs, fromMs + 1);
    const bucketMs = Math.max(1000, Math.ceil((toMs - fromMs) / buckets));
    const count = Math.max(1, Math.ceil((toMs - fromMs) / bucketMs));
    const counts = this.db.prepare(`SELECT action, COUNT(*) AS n FROM audit_events WHERE ${where.sql} AND time >= ? AND time < ? GROUP BY action`);
    const perAction = new Map<string, number>();
    const out = Array.from({ length: count }, (_, i) => {
      const start = fromMs + i * bucketMs;
      const lower = i === 0 && from === undefined ? '' : new Date(start).toISOString();
      const upper = i === count - 1 ? (to === undefined ? '\uffff' : new Date(toMs).toISOString()) : new Date(start + bucketMs).toISOString();
      const rows = counts.all(...where.params, lower, upper) as Array<{ action: string; n: number }>;
      const bucket = { start: new Date(start).toISOString(), total: 0, counts: {} as Record<string, number> };
      for (const row of rows) {
        bucket.total += row.n;
        bucket.counts[row.action] = row.n;
        perAction.set(row.action, (perAction.get(row.action) ?? 0) + row.n);
      }
      return bucket;
    });
    const actions = [...perAction].map(([action, n]) => ({ action, count: n })).sort((a, b) => b.count - a.count || (a.action < b.action ? -1 : 1));
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      bucketMs,
      total: actions.reduce((sum, a) => sum + a.count, 0),
      actions,
      buckets: out,
    };
  }

  /**
   * Failure bursts among the events the filter selects: FAILURE_BURST.threshold or more failed or
   * refused events by one actor (OS user on a host) within FAILURE_BURST.windowMinutes. Newest first.
   */
  bursts(filter: AuditFilter): FailureBurst[] {
    const where = filterWhere(filter);
    const rows = this.db
      .prepare(
        `SELECT seq, time, actor_user, actor_host, action FROM audit_events WHERE ${FAILED} AND ${where.sql} ORDER BY actor_user, actor_host, time`,
      )
      .all(...where.params) as FailureRow[];
    const bursts: FailureBurst[] = [];
    for (const group of byActor(rows)) {
      for (const [first, last] of findBursts(group.map(point), FAILURE_BURST.threshold, WINDOW_MS)) {
        const members = group.slice(first, last + 1);
        bursts.push({
          actorUser: members[0]!.actor_user,
          actorHost: members[0]!.actor_host,
          count: members.length,
          firstSeq: Math.min(...members.map((m) => m.seq)),
          lastSeq: Math.max(...members.map((m) => m.seq)),
          from: members[0]!.time,
          to: members[members.length - 1]!.time,
          actions: [...new Set(members.map((m) => m.action))].slice(0, 16),
        });
      }
    }
    return bursts.sort((a, b) => (a.to < b.to ? 1 : a.to > b.to ? -1 : 0)).slice(0, MAX_BURSTS);
  }

  /** "Who saw it, who changed it": one secret's events newest first, and per-actor summaries of successful reads and changes. */
  secret(ref: SecretRef, limit: number, beforeSeq?: number): SecretAudit {
    const match = 'connection_id = ? AND environment_id = ? AND path = ?';
    const params = [ref.connectionId, ref.environmentId, ref.path];
    const rows = this.db
      .prepare(`SELECT * FROM audit_events WHERE ${match} AND seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(...params, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AuditRowRecord[];
    const groups = this.db
      .prepare(
        `SELECT actor_user AS actorUser, actor_host AS actorHost, principal, action, COUNT(*) AS count, MAX(time) AS last
         FROM audit_events WHERE ${match} AND outcome = 'success' GROUP BY actor_user, actor_host, principal, action`,
      )
      .all(...params) as Array<Omit<ActorSummary, 'actions'> & { action: string }>;
    const summarise = (kind: 'seen' | 'changed') => {
      const byWho = new Map<string, ActorSummary>();
      for (const group of groups.filter((g) => actionKind(g.action) === kind)) {
        const key = JSON.stringify([group.actorUser, group.actorHost, group.principal]);
        const current = byWho.get(key);
        if (!current)
          byWho.set(key, {
            actorUser: group.actorUser,
            actorHost: group.actorHost,
            principal: group.principal,
            count: group.count,
            last: group.last,
            actions: [group.action],
          });
        else {
          current.count += group.count;
          if (group.last > current.last) current.last = group.last;
          current.actions.push(group.action);
        }
      }
      return [...byWho.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
    };
    return { ...this.toPage(rows.map(rowToEvent), limit), seen: summarise('seen'), changed: summarise('changed') };
  }

  /** Values for the filter controls: loose index scans, cheap however large the log. */
  facets(): AuditFacets {
    const distinct = (column: 'action' | 'principal') => {
      const first = this.db.prepare(`SELECT MIN(${column}) FROM audit_events WHERE ${column} IS NOT NULL`).pluck();
      const next = this.db.prepare(`SELECT MIN(${column}) FROM audit_events WHERE ${column} > ?`).pluck();
      const values: string[] = [];
      for (let value = first.get() as string | null; value !== null && values.length < 1000; value = next.get(value) as string | null)
        values.push(value);
      return values;
    };
    type Actor = { actorUser: string; actorHost: string };
    const columns = 'actor_user AS actorUser, actor_host AS actorHost FROM audit_events';
    const sameUser = this.db.prepare(`SELECT ${columns} WHERE actor_user = ? AND actor_host > ? ORDER BY actor_user, actor_host LIMIT 1`);
    const nextUser = this.db.prepare(`SELECT ${columns} WHERE actor_user > ? ORDER BY actor_user, actor_host LIMIT 1`);
    const actors: Actor[] = [];
    const firstActor = this.db.prepare(`SELECT ${columns} ORDER BY actor_user, actor_host LIMIT 1`);
    for (let actor = firstActor.get() as Actor | undefined; actor && actors.length < 1000;) {
      actors.push(actor);
      actor = (sameUser.get(actor.actorUser, actor.actorHost) ?? nextUser.get(actor.actorUser)) as Actor | undefined;
    }
    const edge = (order: 'ASC' | 'DESC') =>
      (this.db.prepare(`SELECT time FROM audit_events ORDER BY seq ${order} LIMIT 1`).pluck().get() as string | undefined) ?? null;
    return { actions: distinct('action'), actors, principals: distinct('principal'), firstTime: edge('ASC'), lastTime: edge('DESC') };
  }

  private toPage(events: AuditEvent[], limit: number): AuditPage {
    const flagged = this.flaggedSeqs(events);
    const rows: AuditRow[] = events.map((event) => ({ ...event, flagged: flagged.has(event.seq) }));
    return { events: rows, nextBeforeSeq: events.length === limit ? (events[events.length - 1]?.seq ?? null) : null };
  }

  /** Seqs in `events` that belong to a failure burst, looking at each actor's failures around them. */
  private flaggedSeqs(events: AuditEvent[]): Set<number> {
    const flagged = new Set<number>();
    const failed = events.filter((e) => e.outcome === 'failure' || e.outcome === 'refused');
    const actors = new Map<string, AuditEvent[]>();
    for (const event of failed) {
      const key = JSON.stringify([event.actorUser, event.actorHost]);
      actors.set(key, [...(actors.get(key) ?? []), event]);
    }
    const around = this.db.prepare(
      `SELECT seq, time, actor_user, actor_host, action FROM audit_events WHERE actor_user = ? AND actor_host = ? AND ${FAILED} AND time >= ? AND time <= ? ORDER BY time`,
    );
    for (const mine of actors.values()) {
      const times = mine.map((e) => Date.parse(e.time));
      const from = new Date(Math.min(...times) - WINDOW_MS).toISOString();
      const to = new Date(Math.max(...times) + WINDOW_MS).toISOString();
      const group = around.all(mine[0]!.actorUser, mine[0]!.actorHost, from, to) as FailureRow[];
      for (const [first, last] of findBursts(group.map(point), FAILURE_BURST.threshold, WINDOW_MS)) {
        for (const member of group.slice(first, last + 1)) flagged.add(member.seq);
      }
    }
    return flagged;
  }
}

function point(row: FailureRow): FailurePoint {
  return { seq: row.seq, timeMs: Date.parse(row.time) };
}

function* byActor(rows: FailureRow[]): Generator<FailureRow[]> {
  let start = 0;
  for (let i = 1; i <= rows.length; i += 1) {
    const a = rows[i - 1]!;
    const b = rows[i];
    if (!b || b.actor_user !== a.actor_user || b.actor_host !== a.actor_host) {
      yield rows.slice(start, i);
      start = i;
    }
  }
}
