import { AUDIT_SELF_ACTIONS } from '../../../../shared/audit';
import { KeyholeError } from '../../../../shared/errors';
import type { Logger } from '../logger';
import type { Clock } from '../ports';
import type { Db } from '../store/database';
import type { AuditLog } from './audit-log';

/** Where the remaining chain starts after pruning: the last removed event's seq and hash. */
export interface PruneAnchor {
  throughSeq: number;
  throughHash: string;
  firstSeq: number;
  count: number;
  prunedAt: string;
}

export interface PruneResult {
  count: number;
  throughSeq: number;
}

const DAY_MS = 86_400_000;

export function latestAnchor(db: Db): PruneAnchor | null {
  const row = db
    .prepare(
      'SELECT through_seq AS throughSeq, through_hash AS throughHash, first_seq AS firstSeq, count, pruned_at AS prunedAt FROM audit_pruned ORDER BY through_seq DESC LIMIT 1',
    )
    .get() as PruneAnchor | undefined;
  return row ?? null;
}

/**
 * The `auditRetentionDays` setting: removes the oldest events, always a prefix of the chain, and
 * leaves the rest verifiable. The prune first writes its intent into the chain (an `audit.prune`
 * attempt naming the last seq it removes and that event's hash), then records the anchor and
 * deletes in one transaction: the delete trigger lets a row go only once an anchor covers it,
 * so this is the only path that deletes. Verification starts from the newest anchor and requires
 * the chained attempt that names it.
 */
export class AuditRetention {
  private running: Promise<PruneResult | null> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly retentionDays: () => number | null,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /** Prunes now if the setting asks for it; one prune at a time. Null when nothing was due. */
  prune(): Promise<PruneResult | null> {
    this.running ??= this.pruneOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** Prunes now and then every `everyMs` (real time), logging failures by code. */
  schedule(everyMs: number): void {
    const run = () =>
      void this.prune().then(
        (result) => result && this.logger?.log('info', 'audit.pruned', { count: result.count }),
        (error: unknown) => this.logger?.log('warn', 'audit.prune_failed', { code: error instanceof KeyholeError ? error.code : 'INTERNAL' }),
      );
    this.stop();
    run();
    this.timer = setInterval(run, everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async pruneOnce(): Promise<PruneResult | null> {
    const days = this.retentionDays();
    if (days === null) return null;
    const cutoff = new Date(this.clock.now() - days * DAY_MS).toISOString();
    const first = this.db.prepare('SELECT MIN(seq) FROM audit_events').pluck().get() as number | null;
    if (first === null) return null;
    // A prefix: everything before the first event inside the window, so an event written while
    // the clock was set back is never removed ahead of older ones.
    const firstKept = this.db.prepare('SELECT seq FROM audit_events NOT INDEXED WHERE time >= ? ORDER BY seq LIMIT 1').pluck().get(cutoff) as
      number | undefined;
    const throughSeq = (firstKept ?? (this.db.prepare('SELECT MAX(seq) FROM audit_events').pluck().get() as number) + 1) - 1;
    if (throughSeq < first) return null;
    const throughHash = this.db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(throughSeq) as string;
    const count = this.db.prepare('SELECT COUNT(*) FROM audit_events WHERE seq <= ?').pluck().get(throughSeq) as number;

    const attempt = await this.audit.attempt({
      action: AUDIT_SELF_ACTIONS.prune,
      details: { throughSeq, throughHash, firstSeq: first, count, retentionDays: days, cutoff },
    });
    try {
      this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO audit_pruned (through_seq, through_hash, first_seq, count, pruned_at) VALUES (?, ?, ?, ?, ?)')
          .run(throughSeq, throughHash, first, count, new Date(this.clock.now()).toISOString());
        this.db.prepare('DELETE FROM audit_events WHERE seq <= ?').run(throughSeq);
      })();
    } catch (error) {
      await attempt.fail('failure', { code: 'INTERNAL' });
      throw error instanceof KeyholeError ? error : new KeyholeError('INTERNAL', { detail: 'audit prune' });
    }
    await attempt.succeed();
    return { count, throughSeq };
  }
}
