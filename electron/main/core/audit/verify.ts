import type { AuditEvent } from '../../../../shared/audit';
import type { CredentialStore } from '../ports';
import type { Db } from '../store/database';
import { AUDIT_HEAD_ACCOUNT, rowToEvent } from './audit-log';
import { GENESIS_HASH, hashEvent } from './chain';

export type ChainProblem =
  | { kind: 'edited'; seq: number }
  | { kind: 'broken-link'; seq: number }
  | { kind: 'gap'; seq: number; expected: number }
  | { kind: 'head-missing' }
  | { kind: 'truncated-or-rolled-back'; keychainSeq: number; fileSeq: number }
  | { kind: 'head-mismatch'; seq: number };

export interface ChainReport {
  ok: boolean;
  events: number;
  lastSeq: number;
  problem: ChainProblem | null;
}

/**
 * Recomputes every hash and link in order and compares the end with the keychain's head.
 * Reports the first problem. Streams rows, so a million events verify in bounded memory.
 */
export async function verifyChain(db: Db, keychain: CredentialStore): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let last: AuditEvent | undefined;
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate()) {
    const event = rowToEvent(row as Parameters<typeof rowToEvent>[0]);
    if (event.seq !== expectedSeq) return report(false, count, last, { kind: 'gap', seq: event.seq, expected: expectedSeq });
    if (event.prevHash !== prevHash) return report(false, count, last, { kind: 'broken-link', seq: event.seq });
    const { hash, ...unhashed } = event;
    if (hashEvent(unhashed) !== hash) return report(false, count, last, { kind: 'edited', seq: event.seq });
    prevHash = hash;
    expectedSeq += 1;
    count += 1;
    last = event;
  }
  const stored = await keychain.get(AUDIT_HEAD_ACCOUNT);
  if (stored === null) return report(count === 0, count, last, count === 0 ? null : { kind: 'head-missing' });
  const head = JSON.parse(stored) as { seq: number; hash: string };
  const fileSeq = last?.seq ?? 0;
  if (head.seq > fileSeq) return report(false, count, last, { kind: 'truncated-or-rolled-back', keychainSeq: head.seq, fileSeq });
  const atHead = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(head.seq) as { hash: string } | undefined;
  if (!atHead || atHead.hash !== head.hash) return report(false, count, last, { kind: 'head-mismatch', seq: head.seq });
  if (head.seq < fileSeq) return report(false, count, last, { kind: 'head-mismatch', seq: head.seq });
  return report(true, count, last, null);
}

function report(ok: boolean, events: number, last: AuditEvent | undefined, problem: ChainProblem | null): ChainReport {
  return { ok, events, lastSeq: last?.seq ?? 0, problem };
}
