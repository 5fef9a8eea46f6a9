import type { Connection, Environment } from '../../../../shared/connections';
import { isKeyholeError, KeyholeError, toWireError } from '../../../../shared/errors';
import type { DueItem, DueReport, PolicyScope, PolicyView, RotationHistoryEntry, SecretPolicy } from '../../../../shared/ipc/channels/policies';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { ConnectionsService } from '../connections/connections-service';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import { Limiter } from '../jobs/limiter';
import type { FreshCodeGate } from '../mfa/step-up';
import type { Clock } from '../ports';
import type { ProviderRegistry } from '../providers/registry';
import type { Db } from '../store/database';
import { dueAtOf, effectiveOf, lastRotatedOf, stateOf } from './due';
import { environmentDue, factsOf } from './environment-due';
import { ENVIRONMENT_NAME, PolicyStore, type PolicyRow } from './policy-store';
import { rotationActors } from './rotation-actors';
import { historyEntry, newestRotatedAt, rotatedAt } from './rotation-facts';

export interface PolicyDeps {
  db: Db;
  connections: ConnectionsService;
  providers: ProviderRegistry;
  jobs: JobRegistry;
  audit: AuditLog;
  mfa: FreshCodeGate;
  clock: Clock;
  /**
   * Keyhole's rotations (guided and AWS native) in an environment, of one secret when `name` is
   * given; composed in core.ts so this service does not depend on the rotation services.
   */
  rotationsOf: (environmentId: string, name?: string) => RotationView[];
}

export interface ChangeOptions {
  /** A fresh TOTP code: needed to lengthen or clear an interval on a protected environment or path. */
  code?: string | undefined;
  reason?: string | undefined;
}

/** Environments read at once by a due report (each through its connection's limiter). */
const ENVIRONMENTS_AT_ONCE = 4;
/** AWS's LastRotatedDate this close to a Keyhole rotation is that rotation, not one of AWS's own. */
const SAME_ROTATION_MS = 10 * 60_000;

interface Scoped {
  environment: Environment;
  connection: Connection;
}

/**
 * Rotation policies (docs/architecture.md, Rotation policies): Keyhole's intervals per environment
 * or per secret, the provider's own where it has them, and the due / overdue report over both.
 * Lengthening or clearing an interval where the path is protected needs a fresh code.
 */
export class PolicyService {
  private readonly store: PolicyStore;

  constructor(private readonly deps: PolicyDeps) {
    this.store = new PolicyStore(deps.db);
  }

  /** Every policy of an environment that still exists (a removed environment's rows stay hidden). */
  list(): PolicyView[] {
    const existing = this.environmentIds();
    return this.store
      .list()
      .filter((row) => existing.has(row.environmentId))
      .map(toView);
  }

  async set(scope: PolicyScope, intervalDays: number, options: ChangeOptions = {}): Promise<PolicyView> {
    const { environment, connection } = this.scoped(scope.environmentId);
    const name = nameOf(scope);
    const before = this.store.get(environment.id, name)?.intervalDays;
    const fields = this.fields('policy.set', scope, connection, options.reason, { oldIntervalDays: before ?? null, newIntervalDays: intervalDays });
    await this.gate(scope, { environment, connection }, before, intervalDays, options, fields);
    return this.deps.audit.around(fields, async () => {
      const row: PolicyRow = { environmentId: environment.id, name, intervalDays, updatedAt: this.now() };
      this.store.set(row);
      return toView(row);
    });
  }

  async clear(scope: PolicyScope, options: ChangeOptions = {}): Promise<void> {
    const { environment, connection } = this.scoped(scope.environmentId);
    const name = nameOf(scope);
    const before = this.store.get(environment.id, name)?.intervalDays;
    const fields = this.fields('policy.clear', scope, connection, options.reason, { oldIntervalDays: before ?? null, newIntervalDays: null });
    await this.gate(scope, { environment, connection }, before, undefined, options, fields);
    await this.deps.audit.around(
      fields,
      async () => this.store.clear(environment.id, name),
      (removed) => ({ details: { removed } }),
    );
  }

  /**
   * Every secret a policy covers in the environments (all of them when none is named), with when
   * it is due. Runs as a job (kind 'policy-due', progress per environment) cancelled by the
   * caller's signal or jobs:cancel. An environment that cannot be read lands in `failed`.
   */
  async due(environmentIds: readonly string[], signal?: AbortSignal): Promise<DueReport> {
    const environments =
      environmentIds.length === 0 ? (await this.deps.connections.list()).environments : environmentIds.map((id) => this.scoped(id).environment);
    const unique = [...new Map(environments.map((e) => [e.id, e])).values()];
    const attempt = await this.deps.audit.attempt({ action: 'policy.due', details: { environments: unique.length } });
    let settle!: { resolve: (report: DueReport) => void; reject: (error: unknown) => void };
    const done = new Promise<DueReport>((resolve, reject) => (settle = { resolve, reject }));
    const label = `Rotation due report: ${unique.length} environment${unique.length === 1 ? '' : 's'}`;
    const jobId = this.deps.jobs.start('policy-due', label, async (job) => {
      try {
        const report = await this.report(unique, job);
        await attempt.succeed({ details: counts(report) });
        settle.resolve(report);
      } catch (error) {
        const code = job.signal.aborted ? 'CANCELLED' : isKeyholeError(error) ? error.code : 'INTERNAL';
        await attempt.fail('failure', { code }).catch(() => undefined);
        settle.reject(job.signal.aborted ? new KeyholeError('CANCELLED') : error);
        throw error;
      }
    });
    const cancel = () => {
      try {
        this.deps.jobs.cancel(jobId);
      } catch {
        // Already finished and forgotten.
      }
    };
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await done;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** One secret's effective policy, Keyhole's policies on it, when it is due, and its rotation history. */
  async secret(environmentId: string, name: string, signal?: AbortSignal): Promise<SecretPolicy> {
    const { environment, connection } = this.scoped(environmentId);
    const provider = await this.deps.providers.get(connection, environment);
    const metadata = await provider.metadata(name, signal ? { signal } : {});
    const keyhole = {
      secret: this.store.get(environment.id, name)?.intervalDays,
      environment: this.store.get(environment.id, ENVIRONMENT_NAME)?.intervalDays,
    };
    const views = this.deps.rotationsOf(environment.id, name).filter((view) => view.environmentId === environment.id && view.name === name);
    const facts = factsOf(provider.kind, metadata);
    const effective = effectiveOf(facts, keyhole);
    const last = lastRotatedOf(newestRotatedAt(views), facts);
    const dueAt = effective === null ? undefined : dueAtOf(effective, last);
    const actors = rotationActors(this.deps.db, { connectionId: connection.id, environmentId: environment.id, path: name });
    const history: RotationHistoryEntry[] = views.map((view) => historyEntry(view, actors.get(view.id)));
    const awsLast = metadata.rotation?.lastRotatedAt;
    if (awsLast !== undefined && !views.some((view) => sameRotation(view, awsLast))) {
      history.push({
        at: awsLast,
        kind: 'aws-reported',
        outcome: 'reported',
        summary: 'AWS reports a rotation (LastRotatedDate) that Keyhole did not run',
      });
    }
    history.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return {
      effective:
        effective === null
          ? null
          : {
              source: effective.source,
              ...(effective.intervalDays !== undefined ? { intervalDays: effective.intervalDays } : {}),
              ...(effective.schedule !== undefined ? { schedule: effective.schedule } : {}),
            },
      keyhole: {
        ...(keyhole.secret !== undefined ? { secret: keyhole.secret } : {}),
        ...(keyhole.environment !== undefined ? { environment: keyhole.environment } : {}),
      },
      ...(last !== undefined ? { lastRotatedAt: last.at, lastFrom: last.from } : {}),
      ...(dueAt !== undefined ? { dueAt } : {}),
      // Covered but with nothing to count from: nothing shows it was ever rotated.
      state: effective === null ? 'no-policy' : dueAt === undefined ? 'overdue' : stateOf(dueAt, this.deps.clock.now()),
      history,
    };
  }

  // ---- the report ------------------------------------------------------------------------

  private async report(environments: readonly Environment[], job: JobContext): Promise<DueReport> {
    const nowMs = this.deps.clock.now();
    const policies = this.store.list();
    const items: DueItem[] = [];
    const failed: DueReport['failed'] = [];
    let unknown = 0;
    let finished = 0;
    job.progress(0, environments.length);
    const limiter = new Limiter(ENVIRONMENTS_AT_ONCE);
    await Promise.all(
      environments.map((environment) =>
        limiter.run(async () => {
          try {
            const connection = this.deps.connections.connection(environment.connectionId);
            const provider = await this.deps.providers.get(connection, environment);
            const result = await environmentDue({
              environment,
              provider,
              policies: policies.filter((p) => p.environmentId === environment.id),
              rotations: this.deps.rotationsOf(environment.id).filter((view) => view.environmentId === environment.id),
              clock: this.deps.clock,
              nowMs,
              signal: job.signal,
            });
            items.push(...result.items);
            unknown += result.unknown;
          } catch (error) {
            if (job.signal.aborted) throw new KeyholeError('CANCELLED');
            const wire = toWireError(error);
            failed.push({ environmentId: environment.id, code: wire.code, message: wire.message });
          }
          finished += 1;
          job.progress(finished, environments.length);
        }, job.signal),
      ),
    );
    // Most pressing first: the earliest due date, then by environment and name.
    items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.environmentId.localeCompare(b.environmentId) || a.name.localeCompare(b.name));
    return { computedAt: new Date(nowMs).toISOString(), items, unknown, failed };
  }

  // ---- protected changes -----------------------------------------------------------------

  /**
   * Lengthening or clearing the interval that applies at the scope is a protected change where the
   * path is protected: refused (PROTECTED_CHANGE) without a code, checked with a fresh code.
   * For a secret the interval that applies is its own, else its environment's, so a long secret
   * policy under a short environment one lengthens too.
   */
  private async gate(
    scope: PolicyScope,
    at: Scoped,
    before: number | undefined,
    after: number | undefined,
    options: ChangeOptions,
    fields: AuditFields,
  ): Promise<void> {
    const inherited = scope.kind === 'secret' ? this.store.get(at.environment.id, ENVIRONMENT_NAME)?.intervalDays : undefined;
    const was = before ?? inherited;
    const becomes = after ?? inherited;
    const lengthens = was !== undefined && (becomes === undefined || becomes > was);
    const protectedPath = this.deps.connections.isProtectedPath(at.environment, at.connection, scope.kind === 'secret' ? scope.name : '');
    Object.assign(fields.details ?? {}, { protected: protectedPath, weakens: lengthens });
    if (!lengthens || !protectedPath) return;
    if (options.code === undefined) {
      await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'PROTECTED_CHANGE' });
      throw new KeyholeError('PROTECTED_CHANGE');
    }
    try {
      await this.deps.mfa.requireFreshCode(options.code, {
        operation: fields.action,
        connectionId: at.connection.id,
        environmentId: at.environment.id,
        path: fields.path ?? null,
      });
    } catch (error) {
      await this.deps.audit.record({ ...fields, outcome: 'refused', code: isKeyholeError(error) ? error.code : 'INTERNAL' });
      throw error;
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private scoped(environmentId: string): Scoped {
    const environment = this.deps.connections.environment(environmentId);
    return { environment, connection: this.deps.connections.connection(environment.connectionId) };
  }

  private environmentIds(): Set<string> {
    return new Set(this.deps.connections.repoConnections().flatMap((c) => this.deps.connections.repoEnvironments(c.id).map((e) => e.id)));
  }

  private fields(
    action: string,
    scope: PolicyScope,
    connection: Connection,
    reason: string | undefined,
    details: AuditFields['details'],
  ): AuditFields {
    const trimmed = reason?.trim();
    return {
      action,
      connectionId: connection.id,
      environmentId: scope.environmentId,
      path: scope.kind === 'secret' ? scope.name : null,
      reason: trimmed === undefined || trimmed === '' ? null : trimmed,
      details: { scope: scope.kind, ...details },
    };
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

function nameOf(scope: PolicyScope): string {
  return scope.kind === 'secret' ? scope.name : ENVIRONMENT_NAME;
}

function toView(row: PolicyRow): PolicyView {
  const scope: PolicyScope =
    row.name === ENVIRONMENT_NAME
      ? { kind: 'environment', environmentId: row.environmentId }
      : { kind: 'secret', environmentId: row.environmentId, name: row.name };
  return { scope, intervalDays: row.intervalDays, updatedAt: row.updatedAt };
}

function counts(report: DueReport): Record<string, number> {
  const state = (s: DueItem['state']) => report.items.filter((item) => item.state === s).length;
  return {
    items: report.items.length,
    overdue: state('overdue'),
    dueSoon: state('due-soon'),
    ok: state('ok'),
    unknown: report.unknown,
    failed: report.failed.length,
  };
}

/** Whether AWS's LastRotatedDate is this Keyhole rotation (completed around that instant). */
function sameRotation(view: RotationView, awsAt: string): boolean {
  const at = rotatedAt(view);
  if (at === undefined) return false;
  const aws = Date.parse(awsAt);
  return aws >= Date.parse(view.createdAt) - SAME_ROTATION_MS && aws <= Date.parse(at) + SAME_ROTATION_MS;
}
