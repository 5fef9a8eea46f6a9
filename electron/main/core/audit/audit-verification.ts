import { AUDIT_SELF_ACTIONS, type ChainReport } from '../../../../shared/audit';
import { KeyholeError } from '../../../../shared/errors';
import type { EmitEvent } from '../events';
import type { JobRegistry } from '../jobs/job-registry';
import type { Clock, CredentialStore } from '../ports';
import type { Db } from '../store/database';
import type { AuditLog } from './audit-log';
import { verifyChain } from './verify';

export interface VerificationResult {
  report: ChainReport;
  checkedAt: string;
}

export interface AuditVerificationDeps {
  db: Db;
  keychain: CredentialStore;
  audit: AuditLog;
  jobs: JobRegistry;
  emit: EmitEvent;
  clock: Clock;
}

/**
 * Verification as a job: one at a time, with progress and cancellation, the last result kept for
 * the audit view, and the result itself recorded in the log (`audit.verify`: outcome success when
 * the check ran, with `ok` and the first problem in its details).
 */
export class AuditVerification {
  private running: string | null = null;
  private last: VerificationResult | null = null;

  constructor(private readonly deps: AuditVerificationDeps) {}

  start(): string {
    if (this.running) return this.running;
    const { db, keychain, audit, jobs, emit, clock } = this.deps;
    return jobs.start('audit.verify', 'Verifying the audit log', async (job) => {
      this.running = job.id;
      try {
        const report = await verifyChain(db, keychain, {
          signal: job.signal,
          onProgress: (done, total) => job.progress(done, total),
          settle: () => audit.flush(),
        });
        const checkedAt = new Date(clock.now()).toISOString();
        const problem = report.problem;
        await audit.record({
          action: AUDIT_SELF_ACTIONS.verify,
          outcome: 'success',
          details: {
            ok: report.ok,
            events: report.events,
            lastSeq: report.lastSeq,
            problem: problem?.kind ?? null,
            problemSeq: problem && 'seq' in problem ? problem.seq : null,
          },
        });
        this.last = { report, checkedAt };
        emit('audit:verified', { jobId: job.id, ...this.last });
      } catch (error) {
        const code = job.signal.aborted ? 'CANCELLED' : error instanceof KeyholeError ? error.code : 'INTERNAL';
        await audit.record({ action: AUDIT_SELF_ACTIONS.verify, outcome: 'failure', code }).catch(() => undefined);
        throw error;
      } finally {
        this.running = null;
      }
    });
  }

  state(): { jobId: string | null; last: VerificationResult | null } {
    return { jobId: this.running, last: this.last };
  }
}
