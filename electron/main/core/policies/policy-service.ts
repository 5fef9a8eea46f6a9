import type { Connection, Environment } from '../../../../shared/connections';
import { isKeyholeError, KeyholeError, toWireError } from '../../../../shared/errors';
import type { DueItem, DueReport, PolicyScope, PolicyView, RotationHistoryEntry, SecretPolicy } from '../../../../shared/ipc/channels/policies';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import type { AuditFields, AuditLog, OutcomeFields } from '../audit/audit-log';
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
    return this.change('policy.set', scope, intervalDays, options, async (name) => {
      const row: PolicyRow = { environmentId: scope.environmentId, name, intervalDays, updatedAt: this.now() };
      this.store.set(row);
      return toView(row);
    });
  }

  async clear(scope: PolicyScope, options: ChangeOptions = {}): Promise<void> {
    await this.change(
      'policy.clear',
      scope,
      undefined,
      options,
      async (name) => this.store.clear(scope.environmentId, name),
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
    const views = this.deps.rotationsOf(environment.id, name);
    const facts = factsOf(provider.kind, metadata);
    const effective = effectiveOf(facts, keyhole);
    const last = lastRotatedOf(newestRotatedAt(views), facts);
    const dueAt = effective === null ? undefined : dueAtOf(effective, last);
    const actors = rotationActors(this.deps.db, { connectionId: connection.id, environmentId: environment.id, path: name });
    const history: RotationHistoryEntry[] = views.map((view) => historyEntry(view, actors.get(view.id)));
    const awsLast = metadata.rotation?.lastRotatedAt;
    if (awsLast !== undefined && !views.some((view) => sameRotation(view, awsLast, metadata.currentVersion))) {
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
              rotations: this.deps.rotationsOf(environment.id),
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
   * Sets (`after`) or clears (undefined) the policy at the scope, audited with the old and new
   * interval. Lengthening or clearing the interval that applies there is a protected change where
   * the path is protected: refused (PROTECTED_CHANGE) without a code, checked with a fresh code.
   * For a secret the interval that applies is its own, else its environment's, so a long secret
   * policy under a short environment one lengthens too.
   */
  private async change<T>(
    action: string,
    scope: PolicyScope,
    after: number | undefined,
    options: ChangeOptions,
    apply: (name: string) => Promise<T>,
    outcome?: (result: T) => OutcomeFields,
  ): Promise<T> {
    const { environment, connection } = this.scoped(scope.environmentId);
    const name = nameOf(scope);
    const before = this.store.get(environment.id, name)?.intervalDays;
    const inherited = scope.kind === 'secret' ? this.store.get(environment.id, ENVIRONMENT_NAME)?.intervalDays : undefined;
    const was = before ?? inherited;
    const becomes = after ?? inherited;
    const weakens = was !== undefined && (becomes === undefined || becomes > was);
    const protectedPath = this.deps.connections.isProtectedPath(environment, connection, scope.kind === 'secret' ? scope.name : '');
    const reason = options.reason?.trim();
    const fields: AuditFields = {
      action,
      connectionId: connection.id,
      environmentId: environment.id,
      path: scope.kind === 'secret' ? scope.name : null,
      reason: reason === undefined || reason === '' ? null : reason,
      details: { scope: scope.kind, oldIntervalDays: before ?? null, newIntervalDays: after ?? null, protected: protectedPath, weakens },
    };
    if (weakens && protectedPath) {
      if (options.code === undefined) {
        await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'PROTECTED_CHANGE' });
        throw new KeyholeError('PROTECTED_CHANGE');
      }
      try {
        await this.deps.mfa.requireFreshCode(options.code, {
          operation: action,
          connectionId: connection.id,
          environmentId: environment.id,
          path: fields.path ?? null,
        });
      } catch (error) {
        await this.deps.audit.record({ ...fields, outcome: 'refused', code: isKeyholeError(error) ? error.code : 'INTERNAL' });
        throw error;
      }
    }
    return this.deps.audit.around(fields, () => apply(name), outcome);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private scoped(environmentId: string): Scoped {
    const environment = this.deps.connections.environment(environmentId);
    return { environment, connection: this.deps.connections.connection(environment.connectionId) };
  }

  private environmentIds(): Set<string> {
    return new Set(this.deps.connections.repoConnections().flatMap((c) => this.deps.connections.repoEnvironments(c.id).map((e) => e.id)));
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

/**
 * Whether AWS's LastRotatedDate is this Keyhole rotation: a native rotation whose version is the
 * current one (AWS's last rotation made it current), or one that completed around that instant.
 * The version check holds where the sandbox's clock and core's differ (the e2e host moves core's).
 */
function sameRotation(view: RotationView, awsAt: string, currentVersion: string | undefined): boolean {
  const at = rotatedAt(view);
  if (at === undefined) return false;
  if (view.kind === 'aws-native' && currentVersion !== undefined && view.native?.version === currentVersion) return true;
  const aws = Date.parse(awsAt);
  return aws >= Date.parse(view.createdAt) - SAME_ROTATION_MS && aws <= Date.parse(at) + SAME_ROTATION_MS;
}
