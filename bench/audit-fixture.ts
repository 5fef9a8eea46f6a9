import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../shared/audit';
import { eventParams, INSERT_EVENT_SQL } from '../electron/main/core/audit/audit-log';
import { GENESIS_HASH, hashEvent, type UnhashedEvent } from '../electron/main/core/audit/chain';
import type { Db } from '../electron/main/core/store/database';

/** A deterministic PRNG (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Actions with rough weights like a busy operator's year. */
const ACTIONS: Array<[string, number]> = [
  ['secret.metadata', 30],
  ['secret.reveal', 20],
  ['secret.copy', 10],
  ['secret.write', 8],
  ['secret.compare', 6],
  ['connection.check', 8],
  ['secret.rollback', 2],
  ['secret.promote', 2],
  ['rotation.start', 1],
  ['rotation.promote', 1],
  ['mfa.verify', 6],
  ['settings.update', 1],
  ['connection.update', 1],
  ['environment.update', 1],
  ['audit.export', 0.2],
];

export interface FixtureOptions {
  count: number;
  /** Time of the first event (ms); events are spread over `spanMs`. */
  startMs?: number;
  spanMs?: number;
  seed?: number;
  /** Drop the secondary indexes for the load and rebuild them after (much faster for a million rows). */
  deferIndexes?: boolean;
}

/**
 * Inserts `count` events with correct hashes in one transaction (the bench and large-log tests):
 * attempt/outcome pairs and single events, ~3% failures and refusals, three connections with two
 * environments each, a few thousand paths.
 */
export function insertSyntheticEvents(db: Db, options: FixtureOptions): { lastSeq: number; lastHash: string } {
  const rand = random(options.seed ?? 7);
  const startMs = options.startMs ?? Date.UTC(2025, 0, 1);
  const spanMs = options.spanMs ?? 365 * 86_400_000;
  const connections = Array.from({ length: 3 }, () => randomUUID());
  const environments = connections.map(() => [randomUUID(), randomUUID()] as const);
  const principals = ['arn:aws:iam::123456789012:user/ops', 'vault:token:ops', 'azure:app:7f3c', 'vault:userpass:alice'];
  const hosts = ['ops-laptop', 'ops-desktop'];
  const totalWeight = ACTIONS.reduce((sum, [, weight]) => sum + weight, 0);
  const pickAction = () => {
    let r = rand() * totalWeight;
    for (const [action, weight] of ACTIONS) if ((r -= weight) < 0) return action;
    return 'secret.metadata';
  };
  const insert = db.prepare(INSERT_EVENT_SQL);
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const step = spanMs / options.count;
  const put = (event: UnhashedEvent) => {
    const full: AuditEvent = { ...event, hash: hashEvent(event) };
    insert.run(...eventParams(full));
    prevHash = full.hash;
  };
  const end = (last?.seq ?? 0) + options.count;
  const indexes = options.deferIndexes
    ? (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL").all() as Array<{
        name: string;
        sql: string;
      }>)
    : [];
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  db.transaction(() => {
    while (seq < end) {
      const action = pickAction();
      const c = Math.floor(rand() * connections.length);
      const onSecret = action.startsWith('secret.') || action.startsWith('rotation.');
      const failed = rand() < 0.03;
      const base = {
        actorUser: 'ops',
        actorHost: hosts[Math.floor(rand() * hosts.length)] ?? 'ops-laptop',
        principal: action === 'mfa.verify' || action === 'settings.update' ? null : (principals[c] ?? null),
        action,
        connectionId: action.startsWith('settings.') || action.startsWith('mfa.') ? null : (connections[c] ?? null),
        environmentId: onSecret ? (environments[c]?.[Math.floor(rand() * 2)] ?? null) : null,
        path: onSecret ? `apps/team-${Math.floor(rand() * 40)}/service-${Math.floor(rand() * 120)}/db-password` : null,
        version: onSecret ? String(1 + Math.floor(rand() * 20)) : null,
        reason: rand() < 0.05 ? 'incident follow-up, ticket OPS-1234' : null,
        details: (action === 'settings.update'
          ? { keys: 'revealSeconds', weakened: '' }
          : onSecret
            ? { field: 'password', bytes: 24 }
            : {}) as AuditEvent['details'],
      };
      const time = () => new Date(startMs + Math.floor(seq * step)).toISOString();
      const paired = action !== 'mfa.verify' && action !== 'settings.update' && seq + 2 <= end;
      const outcome = failed ? (rand() < 0.5 ? 'failure' : 'refused') : 'success';
      const code = failed ? (outcome === 'refused' ? 'STEP_UP_REQUIRED' : 'FORBIDDEN') : null;
      if (paired) {
        seq += 1;
        const attemptSeq = seq;
        put({ ...base, seq, time: time(), phase: 'attempt', attemptSeq: null, outcome: null, code: null, requestId: null, prevHash });
        seq += 1;
        put({ ...base, seq, time: time(), phase: 'outcome', attemptSeq, outcome, code, requestId: failed ? null : `req-${seq}`, prevHash });
      } else {
        seq += 1;
        put({ ...base, seq, time: time(), phase: 'event', attemptSeq: null, outcome, code, requestId: null, prevHash });
      }
    }
  })();
  for (const index of indexes) db.exec(index.sql);
  return { lastSeq: seq, lastHash: prevHash };
}
