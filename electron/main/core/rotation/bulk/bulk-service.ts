import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Connection, Environment } from '../../../../../shared/connections';
import { isKeyholeError, KeyholeError, wireMessage } from '../../../../../shared/errors';
import type { BulkView, RotationPlan, RotationView, rotationChannels } from '../../../../../shared/ipc/channels/rotation';
import type { AuditLog } from '../../audit/audit-log';
import type { ConnectionsService } from '../../connections/connections-service';
import type { JobContext, JobRegistry } from '../../jobs/job-registry';
import type { FreshCodeGate } from '../../mfa/step-up';
import type { Clock } from '../../ports';
import type { Db } from '../../store/database';
import { allTicked, checkPlan, type RotationService } from '../rotation-service';
import { BulkStore, type BulkItem, type BulkRecord, type BulkStatus } from './bulk-store';
import type { NativeRotations } from './native-port';
import { summarize } from './summary';

export type BulkStartRequest = z.output<(typeof rotationChannels)['rotation:bulkStart']['input']>;

export interface BulkDeps {
  db: Db;
  connections: ConnectionsService;
  rotation: Pick<RotationService, 'runForBulk'>;
  /** AWS native rotations; without it an 'aws-native' template is refused with UNSUPPORTED. */
  native?: NativeRotations;
  mfa: FreshCodeGate;
  audit: AuditLog;
  jobs: JobRegistry;
  clock: Clock;
}

interface Scoped {
  environment: Environment;
  connection: Connection;
  protectedPath: boolean;
}

type Outcome = Pick<BulkItem, 'status' | 'error'>;

/**
 * Bulk rotation (rotation:bulkStart): one template, many secrets, one after another, each a
 * rotation of its own that runs unattended (the request confirmed every apply and promote and its
 * one fresh code covers the protected items). Runs as a job (kind 'rotation-bulk'): jobs:cancel and
 * rotation:bulkCancel stop it before the next item; the item running finishes (or undoes) as alone.
 */
export class BulkRotationService {
  private readonly store: BulkStore;
  private readonly jobIds = new Map<string, string>();
  private readonly ended = new Map<string, Promise<void>>();

  constructor(private readonly deps: BulkDeps) {
    this.store = new BulkStore(deps.db);
    // A bulk cut off by a quit or a crash does not go on; its current item's rotation is interrupted and resumable.
    this.store.markInterrupted(this.now());
  }

  list(): BulkView[] {
    return this.store.list().map((record) => this.view(record));
  }

  get(id: string): BulkView {
    return this.view(this.store.get(id));
  }

  async start(request: BulkStartRequest): Promise<BulkView> {
    const { template } = request;
    const summary = summarize(template);
    const record = await this.deps.audit.around(
      {
        action: 'rotation.bulk.start',
        reason: request.reason ?? null,
        details: { count: request.items.length, template: summary, continueOnFailure: request.continueOnFailure },
      },
      async () => {
        const scoped = this.validate(request);
        const firstProtected = scoped.findIndex((s) => s.protectedPath);
        if (firstProtected >= 0) {
          const { environment, connection } = scoped[firstProtected]!;
          await this.deps.mfa.requireFreshCode(request.code, {
            operation: 'rotation.bulk',
            connectionId: connection.id,
            environmentId: environment.id,
            path: request.items[firstProtected]!.name,
          });
        }
        const now = this.now();
        const created: BulkRecord = {
          id: randomUUID(),
          template,
          continueOnFailure: request.continueOnFailure,
          status: 'running',
          items: request.items.map((item) => ({ environmentId: item.environmentId, name: item.name, status: 'pending' })),
          createdAt: now,
          updatedAt: now,
        };
        this.store.insert(created);
        return created;
      },
      (created) => ({ details: { bulk: created.id } }),
    );
    let release = (): void => undefined;
    this.ended.set(record.id, new Promise<void>((resolve) => (release = resolve)));
    const label = `Rotating ${request.items.length} secret${request.items.length === 1 ? '' : 's'}`;
    const jobId = this.deps.jobs.start('rotation-bulk', label, async (job) => {
      try {
        await this.run(record.id, request, job);
      } finally {
        this.ended.delete(record.id);
        release();
      }
    });
    this.jobIds.set(record.id, jobId);
    return this.get(record.id);
  }

  /** Stops before the next item; a bulk that is not running is answered as it is. */
  async cancel(id: string): Promise<BulkView> {
    const record = this.store.get(id);
    const jobId = this.jobIds.get(id);
    if (record.status === 'running' && jobId !== undefined) {
      await this.deps.audit.record({ action: 'rotation.bulk.cancel', outcome: 'success', details: { bulk: id } });
      try {
        this.deps.jobs.cancel(jobId);
      } catch {
        // The job already ended: the bulk is finishing on its own.
      }
    }
    return this.get(id);
  }

  /** Resolves once the bulk has ended (at once when it is not running here). */
  async settled(id: string): Promise<BulkView> {
    await this.ended.get(id);
    return this.get(id);
  }

  // ---- validation -------------------------------------------------------------------------

  /** Every rule that does not need the provider, checked for every item before the first one runs. */
  private validate(request: BulkStartRequest): Scoped[] {
    const { template, items } = request;
    const seen = new Set<string>();
    for (const item of items) {
      const key = `${item.environmentId}\u0000${item.name}`;
      if (seen.has(key)) throw new KeyholeError('INVALID_INPUT', { path: item.name });
      seen.add(key);
    }
    const protection = this.deps.connections.protection();
    const scoped = items.map((item): Scoped => {
      const environment = this.deps.connections.environment(item.environmentId);
      const connection = this.deps.connections.connection(environment.connectionId);
      return { environment, connection, protectedPath: protection(environment, connection, item.name) };
    });
    scoped.forEach(({ connection }, index) => {
      const name = items[index]!.name;
      if (connection.readOnly) throw new KeyholeError('READ_ONLY', { path: name });
      if (template.kind === 'aws-native' && (connection.config.kind !== 'aws' || this.deps.native === undefined))
        throw new KeyholeError('UNSUPPORTED', { path: name });
      if (template.kind === 'guided') checkPlan({ secret: items[index]!, target: template.target, validators: template.validators });
    });
    if (template.kind === 'guided') {
      const target = template.target;
      if (target.kind === 'none' && !allTicked(target.checklist, request.checklist)) throw new KeyholeError('INVALID_INPUT');
      // The admin secret a PostgreSQL target connects as must be known now, not at the first apply.
      if (target.kind === 'postgres' && target.connectWith.source === 'admin')
        this.deps.connections.environment(target.connectWith.secret.environmentId);
    }
    return scoped;
  }

  // ---- the run ----------------------------------------------------------------------------

  private async run(id: string, request: BulkStartRequest, job: JobContext): Promise<void> {
    const total = request.items.length;
    job.progress(0, total);
    let status: BulkStatus = 'completed';
    for (let index = 0; index < total; index++) {
      if (job.signal.aborted || status === 'stopped') {
        const rest: BulkItem['status'] = job.signal.aborted ? 'cancelled' : 'skipped';
        if (job.signal.aborted) status = 'cancelled';
        this.update(id, (items) => items.map((item, at) => (at >= index ? { ...item, status: rest } : item)));
        break;
      }
      this.patchItem(id, index, { status: 'running' });
      const outcome = await this.runItem(id, index, request);
      this.patchItem(id, index, { ...outcome, finishedAt: this.now() });
      await this.auditItem(id, index, outcome);
      job.progress(index + 1, total);
      if (outcome.status !== 'completed' && !request.continueOnFailure) status = 'stopped';
    }
    // Stopped after the last item is still every item run.
    const record = this.store.get(id);
    const ran = record.items.every((item) => item.status !== 'skipped' && item.status !== 'pending');
    const final: BulkStatus = status === 'stopped' && ran ? 'completed' : status;
    this.save(record, { status: final });
    await this.auditEnd(this.store.get(id));
  }

  /** One item to its end; never throws: a refusal or an error is the item's failure. */
  private async runItem(id: string, index: number, request: BulkStartRequest): Promise<Outcome> {
    const secret = request.items[index]!;
    const onCreated = (rotationId: string): void => this.patchItem(id, index, { rotationId });
    try {
      const { template } = request;
      if (template.kind === 'aws-native') {
        const native = this.deps.native;
        if (native === undefined) throw new KeyholeError('UNSUPPORTED', { path: secret.name });
        const started = await native.start({
          secret,
          immediately: template.immediately,
          bulkId: id,
          preAuthorised: true,
          ...(request.reason !== undefined ? { reason: request.reason } : {}),
        });
        onCreated(started.id);
        return outcomeOf(await native.settled(started.id));
      }
      const plan: RotationPlan = {
        secret,
        ...(template.field !== undefined ? { field: template.field } : {}),
        generator: template.generator,
        target: template.target,
        validators: template.validators,
      };
      const view = await this.deps.rotation.runForBulk(plan, {
        bulkId: id,
        onCreated,
        ...(request.checklist !== undefined ? { checklist: request.checklist } : {}),
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
      });
      return outcomeOf(view);
    } catch (error) {
      // Only the code and its fixed message: an error's own text may carry anything.
      const code = isKeyholeError(error) ? error.code : 'INTERNAL';
      return { status: 'failed', error: { code, message: wireMessage(code, secret.name) } };
    }
  }

  // ---- audit ------------------------------------------------------------------------------

  private async auditItem(id: string, index: number, outcome: Outcome): Promise<void> {
    const item = this.store.get(id).items[index]!;
    const environment = this.deps.connections.environment(item.environmentId);
    await this.deps.audit.record({
      action: 'rotation.bulk.item',
      connectionId: environment.connectionId,
      environmentId: environment.id,
      path: item.name,
      outcome: outcome.status === 'completed' ? 'success' : 'failure',
      code: outcome.error?.code ?? null,
      details: { bulk: id, index, outcome: outcome.status, rotation: item.rotationId ?? null },
    });
  }

  private async auditEnd(record: BulkRecord): Promise<void> {
    const count = (status: BulkItem['status']): number => record.items.filter((item) => item.status === status).length;
    const failed = record.items.find((item) => item.status === 'failed');
    const clean = record.status === 'completed' && count('completed') === record.items.length;
    await this.deps.audit.record({
      action: 'rotation.bulk.end',
      outcome: clean ? 'success' : 'failure',
      code: clean ? null : record.status === 'cancelled' ? 'CANCELLED' : (failed?.error?.code ?? null),
      details: {
        bulk: record.id,
        status: record.status,
        completed: count('completed'),
        failed: count('failed'),
        skipped: count('skipped'),
        cancelled: count('cancelled'),
      },
    });
  }

  // ---- records ----------------------------------------------------------------------------

  private patchItem(id: string, index: number, patch: Partial<BulkItem>): void {
    this.update(id, (items) => items.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  }

  private update(id: string, change: (items: BulkItem[]) => BulkItem[]): void {
    const record = this.store.get(id);
    this.save(record, { items: change(record.items) });
  }

  private save(record: BulkRecord, patch: Partial<BulkRecord>): void {
    this.store.save({ ...record, ...patch, updatedAt: this.now() });
  }

  private view(record: BulkRecord): BulkView {
    const jobId = this.jobIds.get(record.id);
    return {
      id: record.id,
      status: record.status,
      continueOnFailure: record.continueOnFailure,
      summary: summarize(record.template),
      items: record.items.map((item) => ({ ...item })),
      ...(jobId !== undefined ? { jobId } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** How a rotation ended, as the bulk records it. */
function outcomeOf(view: RotationView): Outcome {
  if (view.status === 'completed') return { status: 'completed' };
  const error = view.error ?? { code: 'INTERNAL', message: `The rotation ended ${view.status}.` };
  return { status: view.status === 'cancelled' ? 'cancelled' : 'failed', error };
}
