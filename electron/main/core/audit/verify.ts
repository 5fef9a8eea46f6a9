import type { AuditEvent, ChainProblem, ChainReport } from '../../../../shared/audit';
import { AUDIT_SELF_ACTIONS } from '../../../../shared/audit';
import type { CredentialStore } from '../ports';
import type { Db } from '../store/database';
import { AUDIT_HEAD_ACCOUNT, rowToEvent } from './audit-log';
import { GENESIS_HASH, hashEvent } from './chain';
import { latestAnchor, type PruneAnchor } from './retention';
import { scanRows } from './scan';

export type { ChainProblem, ChainReport } from '../../../../shared/audit';

export interface VerifyOptions {
  signal?: AbortSignal;
  /** Called after each batch with the events checked so far and the count when the walk began. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Waits for the audit log's pending keychain write (AuditLog.flush), so a verification that
   * races an append does not mistake the moment between row and keychain for tampering.
   */
  settle?: () => Promise<void>;
  batch?: number;
}

interface Walk {
  prevHash: string;
  expectedSeq: number;
  count: number;
  first: AuditEvent | undefined;
  last: AuditEvent | undefined;
  /** Whether a chained prune attempt names the anchor the chain starts from. */
  anchorConfirmed: boolean;
}

/**
 * Recomputes every hash and link in seq order from the genesis hash, or from the retention anchor
 * when older events were pruned, and compares the end with the keychain's head. Reports the first
 * problem. Reads in keyset batches, so a million events verify in bounded memory, with progress
 * and cancellation, while the app keeps appending.
 */
export async function verifyChain(db: Db, keychain: CredentialStore, options: VerifyOptions = {}): Promise<ChainReport> {
  await options.settle?.();
  const anchor = latestAnchor(db);
  const total = db.prepare('SELECT COUNT(*) FROM audit_events').pluck().get() as number;
  const walk: Walk = {
    prevHash: anchor?.throughHash ?? GENESIS_HASH,
    expectedSeq: (anchor?.throughSeq ?? 0) + 1,
    count: 0,
    first: undefined,
    last: undefined,
    anchorConfirmed: anchor === null,
  };
  const report = (problem: ChainProblem | null): ChainReport => ({
    ok: problem === null,
    events: walk.count,
    firstSeq: walk.first?.seq ?? 0,
    lastSeq: walk.last?.seq ?? 0,
    anchor: anchor && { throughSeq: anchor.throughSeq, throughHash: anchor.throughHash, prunedAt: anchor.prunedAt },
    problem,
  });

  const broken = (await walkFrom(db, walk, anchor, total, options)) ?? (await checkHead(db, keychain, walk, anchor, total, options));
  if (broken) return report(broken);
  if (!walk.anchorConfirmed && anchor) return report({ kind: 'anchor-unconfirmed', throughSeq: anchor.throughSeq });
  return report(null);
}

/** Compares the end of the walk with the keychain's head, walking on over rows appended meanwhile. */
async function checkHead(
  db: Db,
  keychain: CredentialStore,
  walk: Walk,
  anchor: PruneAnchor | null,
  total: number,
  options: VerifyOptions,
): Promise<ChainProblem | null> {
  let head = await readHead(keychain);
  if (head === null) return walk.count === 0 ? null : { kind: 'head-missing' };
  const walked = () => walk.expectedSeq - 1;
  if (head.seq > walked()) {
    // The keychain is written after the row, so rows up to the head exist unless the file lost them.
    const more = await walkFrom(db, walk, anchor, total, options);
    if (more) return more;
    if (head.seq > walked()) return { kind: 'truncated-or-rolled-back', keychainSeq: head.seq, fileSeq: walked() };
  }
  if (head.seq < walked()) {
    await options.settle?.();
    head = (await readHead(keychain)) ?? head;
  }
  const atHead = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(head.seq) as string | undefined;
  return atHead !== head.hash || head.seq < walked() ? { kind: 'head-mismatch', seq: head.seq } : null;
}

async function walkFrom(db: Db, walk: Walk, anchor: PruneAnchor | null, total: number, options: VerifyOptions): Promise<ChainProblem | null> {
  const where = { sql: '1', params: [] };
  const afterSeq = walk.expectedSeq - 1;
  for await (const rows of scanRows(db, where, { afterSeq, signal: options.signal, batch: options.batch })) {
    for (const row of rows) {
      const event = rowToEvent(row);
      if (event.seq !== walk.expectedSeq) return { kind: 'gap', seq: event.seq, expected: walk.expectedSeq };
      if (event.prevHash !== walk.prevHash) return { kind: 'broken-link', seq: event.seq };
      const { hash, ...unhashed } = event;
      if (hashEvent(unhashed) !== hash) return { kind: 'edited', seq: event.seq };
      if (anchor && confirmsAnchor(event, anchor)) walk.anchorConfirmed = true;
      walk.prevHash = hash;
      walk.expectedSeq += 1;
      walk.count += 1;
      walk.first ??= event;
      walk.last = event;
    }
    options.onProgress?.(walk.count, Math.max(total, walk.count));
  }
  return null;
}

/** The prune writes its intent (through which seq, and that row's hash) into the chain first. */
function confirmsAnchor(event: AuditEvent, anchor: PruneAnchor): boolean {
  return (
    event.action === AUDIT_SELF_ACTIONS.prune &&
    event.phase === 'attempt' &&
    event.details.throughSeq === anchor.throughSeq &&
    event.details.throughHash === anchor.throughHash
  );
}

/** The keychain's head; an unreadable entry counts as missing. */
async function readHead(keychain: CredentialStore): Promise<{ seq: number; hash: string } | null> {
  const stored = await keychain.get(AUDIT_HEAD_ACCOUNT);
  if (stored === null) return null;
  try {
    const head = JSON.parse(stored) as { seq?: unknown; hash?: unknown };
    return typeof head.seq === 'number' && typeof head.hash === 'string' ? { seq: head.seq, hash: head.hash } : null;
  } catch {
    return null;
  }
}
