import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import { ManualClock } from '../testing/manual-clock';
import { testKeychain } from '../testing/test-keychain';
import { AUDIT_HEAD_ACCOUNT, AuditLog } from './audit-log';
import { AuditRetention, latestAnchor } from './retention';
import { verifyChain } from './verify';

const DAY = 86_400_000;

/** 5 events 40 days ago, then 3 today; retention of 30 days. */
async function agedLog(days: number | null = 30) {
  const db = openDatabase(':memory:');
  const keychain = testKeychain();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const audit = new AuditLog(db, keychain, clock);
  for (let i = 0; i < 5; i += 1) await audit.record({ action: 'secret.reveal', outcome: 'success', path: `old/${i}` });
  await clock.advance(40 * DAY);
  for (let i = 0; i < 3; i += 1) await audit.record({ action: 'secret.reveal', outcome: 'success', path: `new/${i}` });
  let retention = days;
  const pruner = new AuditRetention(db, audit, () => retention, clock);
  return { db, keychain, clock, audit, pruner, setDays: (d: number | null) => (retention = d) };
}

const dropGuards = (db: Db) =>
  db.exec(
    'DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_pruned_forward; DROP TRIGGER audit_pruned_no_delete;',
  );

describe('audit retention', () => {
  it('removes the events older than the window and leaves a chain that verifies from its anchor', async () => {
    const { db, keychain, audit, pruner } = await agedLog();
    const fifth = audit.list(1, 6)[0]!;
    expect(await pruner.prune()).toEqual({ count: 5, throughSeq: 5 });
    const seqs = db.prepare('SELECT seq FROM audit_events ORDER BY seq').pluck().all();
    expect(seqs).toEqual([6, 7, 8, 9, 10]);
    expect(latestAnchor(db)).toMatchObject({ throughSeq: 5, throughHash: fifth.hash, firstSeq: 1, count: 5 });
    const report = await verifyChain(db, keychain);
    expect(report).toMatchObject({
      ok: true,
      events: 5,
      firstSeq: 6,
      lastSeq: 10,
      anchor: { throughSeq: 5, throughHash: fifth.hash },
      problem: null,
    });
  });

  it('audits the prune: the attempt names the last removed seq and hash, the outcome the count', async () => {
    const { audit, pruner } = await agedLog();
    const fifth = audit.list(1, 6)[0]!;
    await pruner.prune();
    const [outcome, attempt] = audit.list(2);
    expect(attempt).toMatchObject({
      action: 'audit.prune',
      phase: 'attempt',
      details: { throughSeq: 5, throughHash: fifth.hash, firstSeq: 1, count: 5, retentionDays: 30 },
    });
    expect(outcome).toMatchObject({ action: 'audit.prune', phase: 'outcome', outcome: 'success', attemptSeq: attempt!.seq });
  });

  it('does nothing, and records nothing, when the setting keeps everything or nothing is old enough', async () => {
    const { db, pruner, setDays } = await agedLog(null);
    expect(await pruner.prune()).toBeNull();
    setDays(60);
    expect(await pruner.prune()).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM audit_events').pluck().get()).toBe(8);
  });

  it('prunes again later and keeps verifying from the newest anchor', async () => {
    const { db, keychain, clock, audit, pruner } = await agedLog();
    await pruner.prune();
    await clock.advance(45 * DAY);
    await audit.record({ action: 'secret.write', outcome: 'success' });
    expect(await pruner.prune()).toEqual({ count: 5, throughSeq: 10 });
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: true, firstSeq: 11, anchor: { throughSeq: 10 } });
  });

  it('is the only path that deletes: other deletes and anchor edits are refused', async () => {
    const { db } = await agedLog();
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(/only by retention pruning/);
    db.prepare("INSERT INTO audit_pruned (through_seq, through_hash, first_seq, count, pruned_at) VALUES (2, 'h', 1, 2, 't')").run();
    expect(() =>
      db.prepare("INSERT INTO audit_pruned (through_seq, through_hash, first_seq, count, pruned_at) VALUES (1, 'h', 1, 1, 't')").run(),
    ).toThrow(/forward/);
    expect(() => db.prepare('DELETE FROM audit_pruned').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_pruned SET through_hash = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 3').run()).toThrow(/only by retention pruning/);
  });

  it('catches a forged anchor: a prefix removed without a chained prune naming it', async () => {
    const { db, keychain, audit } = await agedLog();
    const third = audit.list(1, 4)[0]!;
    dropGuards(db);
    db.prepare("INSERT INTO audit_pruned (through_seq, through_hash, first_seq, count, pruned_at) VALUES (3, ?, 1, 3, 't')").run(third.hash);
    db.prepare('DELETE FROM audit_events WHERE seq <= 3').run();
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'anchor-unconfirmed', throughSeq: 3 } });
  });

  it('catches a deleted anchor and a row removed or edited after the anchor', async () => {
    const first = await agedLog();
    await first.pruner.prune();
    dropGuards(first.db);
    first.db.prepare('DELETE FROM audit_events WHERE seq = 6').run();
    expect(await verifyChain(first.db, first.keychain)).toMatchObject({ ok: false, problem: { kind: 'gap', seq: 7, expected: 6 } });

    const second = await agedLog();
    await second.pruner.prune();
    dropGuards(second.db);
    second.db.prepare("UPDATE audit_events SET path = 'new/elsewhere' WHERE seq = 7").run();
    expect(await verifyChain(second.db, second.keychain)).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 7 } });

    const third = await agedLog();
    await third.pruner.prune();
    dropGuards(third.db);
    third.db.prepare('DELETE FROM audit_pruned').run();
    expect(await verifyChain(third.db, third.keychain)).toMatchObject({ ok: false, problem: { kind: 'gap', seq: 6, expected: 1 } });
  });

  it('keeps the keychain head check after pruning', async () => {
    const { db, keychain, pruner } = await agedLog();
    await pruner.prune();
    dropGuards(db);
    db.prepare('DELETE FROM audit_events WHERE seq > 8').run();
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'truncated-or-rolled-back', keychainSeq: 10, fileSeq: 8 } });
    expect(JSON.parse((await keychain.get(AUDIT_HEAD_ACCOUNT))!)).toMatchObject({ seq: 10 });
  });
});
