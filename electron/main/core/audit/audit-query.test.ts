import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionKind, AUDIT_OUTCOMES, AUDIT_PHASES, type AuditEvent, type AuditFilter } from '../../../../shared/audit';
import { openDatabase, type Db } from '../store/database';
import { AuditQueries } from './audit-query';
import { appendRaw, type RawEvent } from './testing';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const CONNECTIONS = ['c-1', 'c-2'];
const ENVIRONMENTS = ['e-1', 'e-2', 'e-3'];
const ACTIONS = ['secret.reveal', 'secret.write', 'secret.copy', 'connection.check', 'settings.update'];
const ACTORS: Array<[string, string]> = [
  ['alice', 'laptop'],
  ['bob', 'desk'],
  ['alice', 'desk'],
];
const PRINCIPALS = [null, 'vault:alice', 'arn:aws:iam::1:user/bob'];
const PATHS = [null, 'apps/api/db', 'apps/web/DB_url', 'infra/100%_real', 'infra/under_score', 'x\\y'];

/** A varied log: every field takes several values, times spread over two days, some out of order. */
function variedLog(db: Db, count = 400): AuditEvent[] {
  let state = 12345;
  const pick = <T>(list: readonly T[]): T => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return list[state % list.length]!;
  };
  const raw: RawEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const [actorUser, actorHost] = pick(ACTORS);
    const phase = pick(AUDIT_PHASES);
    const jitter = pick([0, 0, 0, -90 * MIN]); // a clock set back now and then
    raw.push({
      time: iso(T0 + i * 7 * MIN + jitter),
      action: pick(ACTIONS),
      actorUser,
      actorHost,
      principal: pick(PRINCIPALS),
      phase,
      outcome: phase === 'attempt' ? null : pick(AUDIT_OUTCOMES),
      connectionId: pick([null, ...CONNECTIONS]),
      environmentId: pick([null, ...ENVIRONMENTS]),
      path: pick(PATHS),
    });
  }
  return appendRaw(db, raw);
}

/** The filter's meaning, written independently of the SQL. */
function matches(event: AuditEvent, filter: AuditFilter): boolean {
  const ms = Date.parse(event.time);
  if (filter.from !== undefined && ms < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && ms >= Date.parse(filter.to)) return false;
  if (filter.actions && !filter.actions.includes(event.action)) return false;
  if (filter.outcomes && (event.outcome === null || !filter.outcomes.includes(event.outcome))) return false;
  if (filter.phases && !filter.phases.includes(event.phase)) return false;
  if (filter.connectionId !== undefined && event.connectionId !== filter.connectionId) return false;
  if (filter.environmentId !== undefined && event.environmentId !== filter.environmentId) return false;
  if (filter.actorUser !== undefined && event.actorUser !== filter.actorUser) return false;
  if (filter.actorHost !== undefined && event.actorHost !== filter.actorHost) return false;
  if (filter.principal !== undefined && event.principal !== filter.principal) return false;
  if (filter.pathContains !== undefined && !(event.path ?? '\0').toLowerCase().includes(filter.pathContains.toLowerCase())) return false;
  return true;
}

function allPages(queries: AuditQueries, filter: AuditFilter, limit: number): number[] {
  const seqs: number[] = [];
  let before: number | undefined;
  for (;;) {
    const page = queries.page(filter, limit, before);
    seqs.push(...page.events.map((e) => e.seq));
    if (page.nextBeforeSeq === null) return seqs;
    before = page.nextBeforeSeq;
  }
}

/** Values for each filter key, with times often exactly on an event's time (7-minute steps). */
const FILTER_VALUES = {
  from: fc
    .oneof(
      fc.integer({ min: 0, max: 420 }).map((i) => i * 7),
      fc.integer({ min: -100, max: 3000 }),
    )
    .map((m) => iso(T0 + m * MIN)),
  to: fc
    .oneof(
      fc.integer({ min: 0, max: 420 }).map((i) => i * 7),
      fc.integer({ min: 0, max: 3200 }),
    )
    .map((m) => iso(T0 + m * MIN)),
  actions: fc.subarray([...ACTIONS, 'never.seen'], { minLength: 1 }),
  outcomes: fc.subarray([...AUDIT_OUTCOMES], { minLength: 1 }),
  phases: fc.subarray([...AUDIT_PHASES], { minLength: 1 }),
  connectionId: fc.constantFrom(...CONNECTIONS),
  environmentId: fc.constantFrom(...ENVIRONMENTS),
  actorUser: fc.constantFrom('alice', 'bob', 'carol'),
  actorHost: fc.constantFrom('laptop', 'desk'),
  principal: fc.constantFrom('vault:alice', 'arn:aws:iam::1:user/bob'),
  pathContains: fc.constantFrom('apps', 'db', '100%', '_', 'under_', '%', '\\', 'API/DB', 'nothing'),
};
type FilterKey = keyof typeof FILTER_VALUES;

/** Up to three filter keys at once, so most filters still select something. */
const filterArb: fc.Arbitrary<AuditFilter> = fc
  .uniqueArray(fc.constantFrom(...(Object.keys(FILTER_VALUES) as FilterKey[])), { maxLength: 3 })
  .chain(
    (keys) =>
      fc.record(
        Object.fromEntries(keys.map((key) => [key, FILTER_VALUES[key]])) as { [K in FilterKey]: (typeof FILTER_VALUES)[K] },
      ) as fc.Arbitrary<AuditFilter>,
  );

describe('audit queries', () => {
  it('selects exactly the rows each filter describes, newest first, across keyset pages (property)', () => {
    const db = openDatabase(':memory:');
    const events = variedLog(db);
    const queries = new AuditQueries(db);
    let selective = 0;
    fc.assert(
      fc.property(filterArb, fc.integer({ min: 1, max: 60 }), (filter, limit) => {
        const expected = events
          .filter((e) => matches(e, filter))
          .map((e) => e.seq)
          .reverse();
        if (expected.length > 0 && expected.length < events.length) selective += 1;
        expect(allPages(queries, filter, limit)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    // The property means something only if most filters select some rows but not all.
    expect(selective).toBeGreaterThan(100);
  });

  it('treats LIKE wildcards in a path substring literally', () => {
    const db = openDatabase(':memory:');
    appendRaw(db, [
      { time: iso(T0), action: 'secret.reveal', path: 'infra/100%_real' },
      { time: iso(T0), action: 'secret.reveal', path: 'infra/1000_real' },
    ]);
    const queries = new AuditQueries(db);
    expect(queries.page({ pathContains: '100%_' }, 10).events.map((e) => e.path)).toEqual(['infra/100%_real']);
    expect(queries.page({ pathContains: '%' }, 10).events.map((e) => e.path)).toEqual(['infra/100%_real']);
  });

  it('flags every event of a failure burst: three failures or refusals by one actor within ten minutes', () => {
    const db = openDatabase(':memory:');
    appendRaw(db, [
      { time: iso(T0), action: 'secret.reveal', actorUser: 'alice', outcome: 'refused' },
      { time: iso(T0 + 1 * MIN), action: 'secret.reveal', actorUser: 'bob', outcome: 'failure' }, // another actor
      { time: iso(T0 + 4 * MIN), action: 'secret.copy', actorUser: 'alice', outcome: 'failure' },
      { time: iso(T0 + 5 * MIN), action: 'secret.reveal', actorUser: 'alice', outcome: 'success' }, // a success
      { time: iso(T0 + 9 * MIN), action: 'mfa.step_up', actorUser: 'alice', outcome: 'refused' },
      { time: iso(T0 + 30 * MIN), action: 'secret.reveal', actorUser: 'alice', outcome: 'failure' }, // alone
      { time: iso(T0 + 31 * MIN), action: 'secret.reveal', actorUser: 'bob', outcome: 'failure' },
      { time: iso(T0 + 45 * MIN), action: 'secret.reveal', actorUser: 'bob', outcome: 'failure' }, // bob: 3 but over 44 minutes
    ]);
    const queries = new AuditQueries(db);
    const flagged = (limit: number, before?: number) =>
      queries
        .page({}, limit, before)
        .events.filter((e) => e.flagged)
        .map((e) => e.seq);
    expect(flagged(100)).toEqual([5, 3, 1]);
    // A page that holds only part of the burst still flags its members.
    expect(flagged(1, 4)).toEqual([3]);
    expect(queries.bursts({})).toEqual([
      {
        actorUser: 'alice',
        actorHost: 'laptop',
        count: 3,
        firstSeq: 1,
        lastSeq: 5,
        from: iso(T0),
        to: iso(T0 + 9 * MIN),
        actions: ['secret.reveal', 'secret.copy', 'mfa.step_up'],
      },
    ]);
    expect(queries.bursts({ from: iso(T0 + 2 * MIN) })).toEqual([]);
  });

  it('counts per action over time buckets, matching the filtered rows', () => {
    const db = openDatabase(':memory:');
    const events = variedLog(db, 300);
    const queries = new AuditQueries(db);
    const filter: AuditFilter = { from: iso(T0), to: iso(T0 + 24 * 60 * MIN), actions: ['secret.reveal', 'secret.write'] };
    const histogram = queries.histogram(filter, 24);
    expect(histogram.bucketMs).toBe(60 * MIN);
    expect(histogram.buckets).toHaveLength(24);
    const selected = events.filter((e) => matches(e, filter));
    expect(histogram.total).toBe(selected.length);
    for (const [i, bucket] of histogram.buckets.entries()) {
      const inBucket = selected.filter((e) => Math.floor((Date.parse(e.time) - T0) / (60 * MIN)) === i);
      expect(bucket.total, bucket.start).toBe(inBucket.length);
      expect(bucket.counts['secret.reveal'] ?? 0).toBe(inBucket.filter((e) => e.action === 'secret.reveal').length);
    }
    expect(histogram.actions.map((a) => a.action).sort()).toEqual(['secret.reveal', 'secret.write']);
    // Without a range the log's own span is used and every event lands in a bucket.
    expect(queries.histogram({}, 10).total).toBe(events.length);
  });

  it("answers who saw a secret and who changed it, from that secret's successful events", () => {
    const db = openDatabase(':memory:');
    const secret = { connectionId: 'c-1', environmentId: 'e-1', path: 'apps/api/db' };
    appendRaw(db, [
      { time: iso(T0), action: 'secret.reveal', actorUser: 'alice', principal: 'vault:alice', outcome: 'success', ...secret },
      { time: iso(T0 + MIN), action: 'secret.copy', actorUser: 'alice', principal: 'vault:alice', outcome: 'success', ...secret },
      { time: iso(T0 + 2 * MIN), action: 'secret.reveal', actorUser: 'bob', outcome: 'refused', ...secret },
      { time: iso(T0 + 3 * MIN), action: 'secret.write', actorUser: 'bob', principal: 'vault:bob', outcome: 'success', ...secret },
      { time: iso(T0 + 4 * MIN), action: 'secret.reveal', actorUser: 'carol', outcome: 'success', ...secret, environmentId: 'e-2' },
      { time: iso(T0 + 5 * MIN), action: 'secret.metadata', actorUser: 'carol', outcome: 'success', ...secret },
    ]);
    const trail = new AuditQueries(db).secret(secret, 2);
    expect(trail.seen).toEqual([
      { actorUser: 'alice', actorHost: 'laptop', principal: 'vault:alice', count: 2, last: iso(T0 + MIN), actions: ['secret.copy', 'secret.reveal'] },
    ]);
    expect(trail.changed).toEqual([
      { actorUser: 'bob', actorHost: 'laptop', principal: 'vault:bob', count: 1, last: iso(T0 + 3 * MIN), actions: ['secret.write'] },
    ]);
    expect(trail.events.map((e) => e.seq)).toEqual([6, 4]);
    expect(trail.nextBeforeSeq).toBe(4);
    expect(new AuditQueries(db).secret(secret, 10, 4).events.map((e) => e.seq)).toEqual([3, 2, 1]);
  });

  it('tells actions that showed a value from those that changed it', () => {
    expect(['secret.reveal', 'secret.copy', 'secret.compare_values', 'diff.compare'].map(actionKind)).toEqual(['seen', 'seen', 'seen', 'seen']);
    expect(['secret.write', 'secret.rollback', 'secret.destroy', 'diff.promote', 'diff.undo', 'rotation.start'].map(actionKind)).toEqual(
      Array(6).fill('changed'),
    );
    expect(['secret.compare', 'secret.metadata', 'diff.promote_dry_run', 'diff.export', 'connection.check'].map(actionKind)).toEqual(
      Array(5).fill('other'),
    );
  });

  it('lists the values the filter controls offer', () => {
    const db = openDatabase(':memory:');
    variedLog(db, 200);
    const facets = new AuditQueries(db).facets();
    expect(facets.actions).toEqual([...ACTIONS].sort());
    expect(facets.principals).toEqual(PRINCIPALS.filter((p) => p !== null).sort());
    expect(facets.actors).toEqual(
      ACTORS.map(([actorUser, actorHost]) => ({ actorUser, actorHost })).sort((a, b) =>
        a.actorUser + a.actorHost < b.actorUser + b.actorHost ? -1 : 1,
      ),
    );
    expect(facets.firstTime).toBeTruthy();
    expect(new AuditQueries(openDatabase(':memory:')).facets()).toEqual({ actions: [], actors: [], principals: [], firstTime: null, lastTime: null });
  });

  it('walks an index, not the table, for single-value filters and the per-secret trail', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    const page = (where: string) => plan(`SELECT * FROM audit_events WHERE ${where} AND seq < 9 ORDER BY seq DESC LIMIT 10`);
    expect(page("action = 'a'")).toMatch(/USING INDEX audit_events_action/);
    expect(page("connection_id = 'c'")).toMatch(/USING INDEX audit_events_connection/);
    expect(page("environment_id = 'e'")).toMatch(/USING INDEX audit_events_environment/);
    expect(page("principal = 'p'")).toMatch(/USING INDEX audit_events_principal/);
    expect(page("connection_id = 'c' AND environment_id = 'e' AND path = 'p'")).toMatch(/USING INDEX/);
    for (const where of ["action = 'a'", "connection_id = 'c'", "connection_id = 'c' AND environment_id = 'e' AND path = 'p'"]) {
      expect(page(where)).not.toMatch(/TEMP B-TREE/);
    }
    expect(plan("SELECT action, COUNT(*) AS n FROM audit_events WHERE 1 AND time >= 'a' AND time < 'b' GROUP BY action")).toMatch(
      /COVERING INDEX audit_events_time_action/,
    );
    expect(
      plan("SELECT actor_user, actor_host FROM audit_events WHERE actor_user = 'a' AND actor_host > 'h' ORDER BY actor_user, actor_host LIMIT 1"),
    ).toMatch(/COVERING INDEX audit_events_actor/);
    expect(
      plan(
        "SELECT seq FROM audit_events WHERE actor_user = 'a' AND actor_host = 'h' AND outcome IN ('failure', 'refused') AND time >= 'x' ORDER BY time",
      ),
    ).toMatch(/USING INDEX audit_events_failures/);
  });
});
