import { randomUUID } from 'node:crypto';
import { KeyholeError, toWireError, type WireError } from '../../../../shared/errors';
import type { JobView } from '../../../../shared/ipc/contract';
import type { EmitEvent } from '../events';
import type { Logger } from '../logger';
import type { Clock } from '../ports';

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress; throttled to a few events a second so a fast job does not flood IPC. */
  progress(done: number, total?: number | null): void;
}

interface JobRecord {
  view: JobView;
  controller: AbortController;
  lastEmit: number;
}

const KEEP_FINISHED = 50;
const EMIT_EVERY_MS = 100;

/**
 * Long-running work (listing, diffing, exporting, rotating): progress events, cancellation,
 * and a record of recent jobs. Concurrency bounds live in the Limiter each job uses.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(
    private readonly emit: EmitEvent,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(kind: string, label: string, run: (context: JobContext) => Promise<void>): string {
    const id = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = {
      view: { id, kind, label, state: 'running', done: 0, total: null, startedAt: new Date(this.clock.now()).toISOString(), error: null },
      controller,
      lastEmit: 0,
    };
    this.jobs.set(id, record);
    const context: JobContext = {
      id,
      signal: controller.signal,
      progress: (done, total) => {
        record.view.done = done;
        if (total !== undefined) record.view.total = total;
        const now = this.clock.now();
        if (now - record.lastEmit >= EMIT_EVERY_MS) {
          record.lastEmit = now;
          this.emit('job:progress', { ...record.view });
        }
      },
    };
    this.emit('job:progress', { ...record.view });
    void run(context).then(
      () => this.finish(record, controller.signal.aborted ? 'cancelled' : 'done', null),
      (error: unknown) => {
        const cancelled = controller.signal.aborted || (error instanceof KeyholeError && error.code === 'CANCELLED');
        this.finish(record, cancelled ? 'cancelled' : 'failed', cancelled ? null : toWireError(error));
      },
    );
    return id;
  }

  cancel(id: string): void {
    const record = this.jobs.get(id);
    if (!record) throw new KeyholeError('NOT_FOUND');
    record.controller.abort();
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((record) => ({ ...record.view }));
  }

  /** Cancels every running job (quit, lock). */
  cancelAll(): void {
    for (const record of this.jobs.values()) if (record.view.state === 'running') record.controller.abort();
  }

  private finish(record: JobRecord, state: JobView['state'], error: WireError | null): void {
    record.view.state = state;
    record.view.error = error;
    this.emit('job:progress', { ...record.view });
    this.logger.log(state === 'failed' ? 'warn' : 'info', 'job.finished', {
      jobId: record.view.id,
      operation: record.view.kind,
      code: error?.code ?? state,
      count: record.view.done,
    });
    const finished = [...this.jobs.values()].filter((r) => r.view.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(old.view.id);
  }
}
