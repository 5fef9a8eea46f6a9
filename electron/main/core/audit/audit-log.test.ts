import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../shared/errors';
import { systemClock } from '../system-clock';
import { openDatabase, type Db } from '../store/database';
import { refusingKeychainFake, testKeychain } from '../testing/test-keychain';
import { useTempDir } from '../testing/temp-dir';
import { AUDIT_HEAD_ACCOUNT, AuditLog } from './audit-log';
import { verifyChain } from './verify';

function dropAppendOnlyGuard(db: Db) {
  // An attacker with the file can drop the triggers; the chain must still catch the edit.
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
}

async function seeded(count = 6) {
  const db = openDatabase(':memory:');
  const keychain = testKeychain();
  const audit = new AuditLog(db, keychain, systemClock);
  for (let i = 0; i < count; i += 1) await audit.record({ action: 'secret.reveal', outcome: 'success', path: `app/s${i}`, details: { n: i } });
  return { db, keychain, audit };
}

describe('the audit log', () => {
  const tempDir = useTempDir();

  it('chains attempt and outcome events and mirrors the head in the keychain', async () => {
    const { db, keychain, audit } = await seeded(0);
    const attempt = await audit.attempt({ action: 'secret.write', path: 'a/b', connectionId: 'c', reason: 'fix' });
    const outcome = await attempt.succeed({ version: '3', requestId: 'req-1' });
    expect(outcome).toMatchObject({ phase: 'outcome', attemptSeq: attempt.seq, outcome: 'success', version: '3', requestId: 'req-1', reason: 'fix' });
    expect(outcome.prevHash).toBe(audit.list(2)[1]?.hash);
    expect(JSON.parse((await keychain.get(AUDIT_HEAD_ACCOUNT)) ?? '{}')).toEqual({ seq: outcome.seq, hash: outcome.hash });
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: true, events: 2, firstSeq: 1, anchor: null, problem: null });
  });

  it('records a failure by code, never by message', async () => {
    const { audit } = await seeded(0);
    await expect(audit.around({ action: 'secret.read', path: 'p' }, () => Promise.reject(new Error('secret-in-sdk-message')))).rejects.toThrow();
    await expect(audit.around({ action: 'secret.write', path: 'p' }, () => Promise.reject(new KeyholeError('STEP_UP_REQUIRED')))).rejects.toThrow();
    const [refused, failed] = audit.list(4).filter((e) => e.phase === 'outcome');
    expect(refused).toMatchObject({ outcome: 'refused', code: 'STEP_UP_REQUIRED' });
    expect(failed).toMatchObject({ outcome: 'failure', code: 'INTERNAL' });
    expect(JSON.stringify(audit.list(10))).not.toContain('secret-in-sdk-message');
  });

  it('stores text as it hashes it: lone surrogates made well-formed, empty optional fields as null', async () => {
    const { db, keychain, audit } = await seeded(0);
    const event = await audit.record({
      action: 'secret.reveal',
      outcome: 'success',
      path: 'a\ud800b',
      reason: '',
      principal: '',
      details: { ['k\udc00']: 'v\ud83d' },
    });
    expect(event).toMatchObject({ path: 'a\ufffdb', reason: null, principal: null, details: { 'k\ufffd': 'v\ufffd' } });
    expect(audit.list(1)[0]).toEqual(event);
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: true });
  });

  it('fails closed: no keychain, no event, and the action does not run', async () => {
    const audit = new AuditLog(openDatabase(':memory:'), refusingKeychainFake, systemClock);
    let ran = false;
    await expect(audit.around({ action: 'secret.reveal' }, async () => (ran = true))).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(ran).toBe(false);
  });

  it('catches an edited row', async () => {
    const { db, keychain } = await seeded();
    dropAppendOnlyGuard(db);
    db.prepare("UPDATE audit_events SET path = 'elsewhere' WHERE seq = 3").run();
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 3 } });
  });

  it('catches a deleted row', async () => {
    const { db, keychain } = await seeded();
    dropAppendOnlyGuard(db);
    db.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'gap', seq: 3, expected: 2 } });
  });

  it('catches an inserted row', async () => {
    const { db, keychain } = await seeded();
    dropAppendOnlyGuard(db);
    db.exec('UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 4');
    db.exec('UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1004');
    db.prepare(
      "INSERT INTO audit_events (seq, time, actor_user, actor_host, action, phase, details, prev_hash, hash) SELECT 4, time, actor_user, actor_host, 'secret.write', 'event', '{}', hash, hash FROM audit_events WHERE seq = 3",
    ).run();
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'edited', seq: 4 } });
  });

  it('catches reordered rows', async () => {
    const { db, keychain } = await seeded();
    dropAppendOnlyGuard(db);
    db.exec(
      'UPDATE audit_events SET seq = -2 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = -2;',
    );
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'broken-link', seq: 2 } });
  });

  it('catches a truncated file through the keychain head', async () => {
    const { db, keychain } = await seeded();
    dropAppendOnlyGuard(db);
    db.prepare('DELETE FROM audit_events WHERE seq > 4').run();
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'truncated-or-rolled-back', keychainSeq: 6, fileSeq: 4 } });
  });

  it('catches a file rolled back to an earlier copy', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit.sqlite');
    const keychain = testKeychain();
    let db = openDatabase(file);
    let audit = new AuditLog(db, keychain, systemClock);
    await audit.record({ action: 'secret.reveal', outcome: 'success' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    copyFileSync(file, join(dir, 'copy.sqlite'));
    db = openDatabase(file);
    audit = new AuditLog(db, keychain, systemClock);
    await audit.record({ action: 'secret.reveal', outcome: 'success' });
    db.close();
    const rolledBack = openDatabase(join(dir, 'copy.sqlite'));
    expect(await verifyChain(rolledBack, keychain)).toMatchObject({ ok: false, problem: { kind: 'truncated-or-rolled-back' } });
    rolledBack.close();
  });

  it('reports a missing keychain head for a non-empty file', async () => {
    const { db, keychain } = await seeded(2);
    await keychain.delete(AUDIT_HEAD_ACCOUNT);
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'head-missing' } });
  });
});
