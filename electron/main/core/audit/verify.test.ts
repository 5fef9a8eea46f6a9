import { describe, expect, it } from 'vitest';
import { insertSyntheticEvents } from '../../../../bench/audit-fixture';
import type { CredentialStore } from '../ports';
import { systemClock } from '../system-clock';
import { openDatabase } from '../store/database';
import { testKeychain } from '../testing/test-keychain';
import { AUDIT_HEAD_ACCOUNT, AuditLog } from './audit-log';
import { verifyChain } from './verify';

async function largeLog(count: number) {
  const db = openDatabase(':memory:');
  const keychain = testKeychain();
  const head = insertSyntheticEvents(db, { count });
  await keychain.set(AUDIT_HEAD_ACCOUNT, JSON.stringify({ seq: head.lastSeq, hash: head.lastHash }));
  return { db, keychain };
}

describe('chain verification', () => {
  it('verifies a large log in batches with progress', async () => {
    const { db, keychain } = await largeLog(5000);
    const progress: Array<[number, number]> = [];
    const report = await verifyChain(db, keychain, { batch: 1000, onProgress: (done, total) => progress.push([done, total]) });
    expect(report).toMatchObject({ ok: true, events: 5000, firstSeq: 1, lastSeq: 5000 });
    expect(progress).toEqual([1000, 2000, 3000, 4000, 5000].map((done) => [done, 5000]));
  });

  it('stops when cancelled', async () => {
    const { db, keychain } = await largeLog(3000);
    const controller = new AbortController();
    const run = verifyChain(db, keychain, { batch: 500, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('walks on over events appended between the end of the walk and the keychain read', async () => {
    const db = openDatabase(':memory:');
    const real = testKeychain();
    let appended = false;
    // The real keychain, with events appended just before the verifier's first head read.
    const appendingOnRead: CredentialStore = {
      get: async (account) => {
        if (!appended) {
          appended = true;
          for (let i = 0; i < 3; i += 1) await audit.record({ action: 'secret.copy', outcome: 'success' });
        }
        return real.get(account);
      },
      set: (account, secret) => real.set(account, secret),
      delete: (account) => real.delete(account),
    };
    const audit = new AuditLog(db, appendingOnRead, systemClock);
    for (let i = 0; i < 5; i += 1) await audit.record({ action: 'secret.reveal', outcome: 'success' });
    appended = false;
    expect(await verifyChain(db, appendingOnRead)).toMatchObject({ ok: true, events: 8, lastSeq: 8 });
  });

  it('waits for a pending keychain write rather than report a head behind the file', async () => {
    const db = openDatabase(':memory:');
    const real = testKeychain();
    // The real keychain, slow to write: the row is in the file before its head is in the keychain.
    const slowToWrite: CredentialStore = {
      get: (account) => real.get(account),
      set: async (account, secret) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await real.set(account, secret);
      },
      delete: (account) => real.delete(account),
    };
    const audit = new AuditLog(db, slowToWrite, systemClock);
    for (let i = 0; i < 10; i += 1) await audit.record({ action: 'secret.reveal', outcome: 'success' });
    let pending: Promise<unknown> | undefined;
    // An event arrives mid-walk: its row is committed at once, its keychain head 100 ms later.
    const onProgress = () => void (pending ??= audit.record({ action: 'secret.copy', outcome: 'success' }));
    expect(await verifyChain(db, slowToWrite, { batch: 5, onProgress, settle: () => audit.flush() })).toMatchObject({ ok: true, lastSeq: 11 });
    await pending;
  });

  it('reads an unreadable keychain head as missing', async () => {
    const { db, keychain } = await largeLog(10);
    await keychain.set(AUDIT_HEAD_ACCOUNT, 'not json');
    expect(await verifyChain(db, keychain)).toMatchObject({ ok: false, problem: { kind: 'head-missing' } });
  });
});
