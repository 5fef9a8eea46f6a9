import { randomUUID } from 'node:crypto';
import type { Connection, Environment } from '../../../../../shared/connections';
import { isKeyholeError, KeyholeError, wireMessage } from '../../../../../shared/errors';
import type { NativeInfo, RotationView } from '../../../../../shared/ipc/channels/rotation';
import type { AuditFields, AuditLog } from '../../audit/audit-log';
import type { ConnectionsService } from '../../connections/connections-service';
import type { FreshCodeGate } from '../../mfa/step-up';
import type { Clock } from '../../ports';
import type { NativeLogEvent, NativeRotation, NativeRotationState, Provider } from '../../providers/provider';
import type { ProviderRegistry } from '../../providers/registry';
import type { Db } from '../../store/database';
import { RotationStore } from '../rotation-store';
import { assess, describeLabels, plannedNativeSteps } from './assess';
import { NativeStore, type NativeRecord, type NativeStep } from './native-store';

export interface NativeRotationDeps {
  db: Db;
  connections: ConnectionsService;
  providers: ProviderRegistry;
  mfa: FreshCodeGate;
  audit: AuditLog;
  clock: Clock;
  /** How often a running rotation is read again (real time). */
  pollMs?: number;
  /** Clock time with no label moved and nothing new in the log after which a rotation is stalled. */
  stallMs?: number;
}

export interface SecretRef {
  environmentId: string;
  name: string;
}

export interface NativeStartInput {
  secret: SecretRef;
  immediately: boolean;
  code?: string;
  reason?: string;
  /** Set when the rotation runs as an item of that bulk rotation. */
  bulkId?: string;
  /**
   * The bulk checked one fresh code for all its protected items at its start: this rotation's own
   * fresh-code check (and only that) is skipped. Never set from a renderer request.
   */
  preAuthorised?: boolean;
}

export interface CleanPendingInput {
  secret: SecretRef;
  version: string;
  code?: string;
  reason?: string;
}

/**
 * Each look is one DescribeSecret (plus GetSecretValue while AWSPENDING has no value yet) and at
 * least one FilterLogEvents, whose quota is 5 per second per account and region, shared by every
 * rotation followed and by anything else reading logs in that account: one look every 5 s keeps
 * a bulk rotation's followers well inside it.
 */
const DEFAULT_POLL_MS = 5000;
const DEFAULT_STALL_MS = 120_000;

interface Follower {
  controller: AbortController;
  stalled: boolean;
  signature: string | null;
  lastChangeAt: number;
  /** The last log read that answered, reused when a read fails for a moment. */
  events: NativeLogEvent[] | null | undefined;
  done: Promise<void>;
}

interface Scope {
  environment: Environment;
  connection: Connection;
  protectedPath: boolean;
}

/**
 * AWS native rotation (RotateSecret) as Keyhole starts and follows it: the rotation function does
 * the work in AWS; Keyhole reads the labels and the function's log until AWSCURRENT moves, the log
 * shows a step's error, or nothing moves for the stall threshold, and says what was left behind.
 * Records live in native_rotations (never a value); a rotation still running when Keyhole stopped
 * is followed again when it starts.
 */
export class NativeRotationService {
  private readonly store: NativeStore;
  private readonly guided: RotationStore;
  private readonly followers = new Map<string, Follower>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly pollMs: number;
  private readonly stallMs: number;
  private closed = false;

  constructor(private readonly deps: NativeRotationDeps) {
    this.store = new NativeStore(deps.db);
    this.guided = new RotationStore(deps.db);
    this.pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
    this.stallMs = deps.stallMs ?? DEFAULT_STALL_MS;
    for (const record of this.store.running()) this.follow(record.id);
  }

  list(): RotationView[] {
    const protectedOf = this.protectedOf();
    return this.store.list().map((record) => this.view(record, protectedOf));
  }

  /** Every rotation of an environment, or of one secret in it, newest first. */
  listFor(environmentId: string, name?: string): RotationView[] {
    const protectedOf = this.protectedOf();
    return this.store.listFor(environmentId, name).map((record) => this.view(record, protectedOf));
  }

  get(id: string): RotationView {
    return this.view(this.store.get(id));
  }

  has(id: string): boolean {
    return this.store.find(id) !== undefined;
  }

  /** Where AWS rotation stands for one secret; supported=false where the provider has none. */
  async nativeInfo(secret: SecretRef): Promise<NativeInfo> {
    const { environment, connection } = this.scope(secret.environmentId, secret.name);
    const provider = await this.deps.providers.get(connection, environment);
    if (provider.native === undefined) return { supported: false, enabled: false, pending: null };
    return infoOf(await provider.native.state(secret.name));
  }

  async start(input: NativeStartInput): Promise<RotationView> {
    const { secret } = input;
    const { environment, connection, protectedPath } = this.scope(secret.environmentId, secret.name);
    const provider = await this.deps.providers.get(connection, environment);
    const id = randomUUID();
    const fields = this.fields(environment, connection, secret.name, 'rotation.native.start', {
      reason: input.reason ?? null,
      version: id,
      details: {
        rotation: id,
        immediately: input.immediately,
        protected: protectedPath,
        ...(input.bulkId !== undefined ? { bulk: input.bulkId } : {}),
      },
    });
    await this.deps.audit.around(fields, async () => {
      const native = this.nativeOf(provider, secret.name);
      if (connection.readOnly) throw new KeyholeError('READ_ONLY', { path: secret.name });
      if (protectedPath && input.preAuthorised !== true)
        await this.deps.mfa.requireFreshCode(input.code, {
          operation: 'rotation.native',
          connectionId: connection.id,
          environmentId: environment.id,
          path: secret.name,
        });
      if (this.store.runningFor(environment.id, secret.name) !== undefined) throw new KeyholeError('ROTATION_PENDING', { path: secret.name });
      const state = await native.state(secret.name);
      if (state.config.lambdaArn === undefined) throw new KeyholeError('INVALID_INPUT', { path: secret.name, detail: 'no-rotation-function' });
      if (state.pending !== undefined && !state.pending.onCurrent)
        throw new KeyholeError('ROTATION_PENDING_LABEL', { path: secret.name, detail: 'AWSPENDING' });
      // Checked again with nothing awaited before the insert: two starts at once make one rotation.
      if (this.store.runningFor(environment.id, secret.name) !== undefined) throw new KeyholeError('ROTATION_PENDING', { path: secret.name });
      const now = this.now();
      this.store.insert({
        id,
        connectionId: connection.id,
        environmentId: environment.id,
        name: secret.name,
        immediately: input.immediately,
        version: id,
        lambdaArn: state.config.lambdaArn,
        status: 'running',
        steps: plannedNativeSteps(input.immediately, id),
        failedStep: null,
        failedStepUncertain: false,
        leftBehind: null,
        pendingVersion: null,
        logRead: false,
        automaticRotation: state.config.enabled,
        bulkId: input.bulkId ?? null,
        error: null,
        startedAtMs: this.deps.clock.now(),
        createdAt: now,
        updatedAt: now,
      });
      try {
        await native.rotate(secret.name, { token: id, immediately: input.immediately });
      } catch (error) {
        const code = isKeyholeError(error) ? error.code : 'INTERNAL';
        this.save(this.store.get(id), {
          status: 'failed',
          error: { code, message: `RotateSecret was refused: ${wireMessage(code, secret.name)}` },
          steps: this.store.get(id).steps.map((step) => (step.status === 'pending' ? { ...step, status: 'skipped', result: 'Not run.' } : step)),
        });
        throw error;
      }
      const anchor = await this.createdOnProvider(provider, secret.name, id);
      if (anchor !== undefined) this.save(this.store.get(id), { startedAtMs: anchor });
    });
    await this.follow(id).first;
    return this.get(id);
  }

  /** Answers once the rotation is no longer running, or once it is stalled. */
  settled(id: string, signal?: AbortSignal): Promise<RotationView> {
    return new Promise<RotationView>((resolve, reject) => {
      const waiters = this.waiters.get(id) ?? new Set<() => void>();
      const done = (): void => {
        waiters.delete(check);
        if (waiters.size === 0) this.waiters.delete(id);
        signal?.removeEventListener('abort', onAbort);
      };
      const check = (): void => {
        try {
          const view = this.get(id);
          if (view.status === 'running' && view.native?.stalled !== true) return;
          done();
          resolve(view);
        } catch (error) {
          done();
          reject(error);
        }
      };
      const onAbort = (): void => {
        done();
        reject(new KeyholeError('CANCELLED'));
      };
      if (signal?.aborted) return reject(new KeyholeError('CANCELLED'));
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.add(check);
      this.waiters.set(id, waiters);
      check();
    });
  }

  /**
   * CancelRotateSecret (which also turns automatic rotation off), then AWSPENDING off this
   * rotation's version unless it became current; the record says what stands now.
   */
  async cancel(id: string, code?: string): Promise<RotationView> {
    const record = this.store.get(id);
    if (record.status === 'completed' || record.status === 'cancelled') throw new KeyholeError('CONFLICT', { path: record.name });
    const { environment, connection, protectedPath } = this.scope(record.environmentId, record.name);
    const provider = await this.deps.providers.get(connection, environment);
    await this.deps.audit.around(
      this.fields(environment, connection, record.name, 'rotation.native.cancel', { version: record.version, details: { rotation: id } }),
      async () => {
        const native = this.nativeOf(provider, record.name);
        if (connection.readOnly) throw new KeyholeError('READ_ONLY', { path: record.name });
        if (protectedPath)
          await this.deps.mfa.requireFreshCode(code, {
            operation: 'rotation.native.cancel',
            connectionId: connection.id,
            environmentId: environment.id,
            path: record.name,
          });
        await this.stopFollowing(id);
        try {
          await native.cancel(record.name);
        } catch (error) {
          if (this.store.get(id).status === 'running') this.follow(id);
          throw error;
        }
        const skipOpen = (steps: NativeStep[]): NativeStep[] =>
          steps.map((step) =>
            step.status === 'pending' || step.status === 'running'
              ? { ...step, status: 'skipped', result: 'Cancelled before it finished.', at: this.now() }
              : step,
          );
        try {
          const before = await native.state(record.name);
          const dropped = before.pending !== undefined && before.pending.version === record.version && !before.pending.onCurrent;
          if (dropped) await provider.pending?.drop(record.name, record.version);
          const after = await native.state(record.name);
          const removed = dropped
            ? `AWSPENDING was removed from version ${record.version} (${before.pending?.hasValue ? 'it holds the new value' : 'an empty version'}); it stays as a deprecated version. `
            : '';
          const auto = after.config.enabled ? 'Automatic rotation is still on.' : 'Automatic rotation is now off (CancelRotateSecret turns it off).';
          const latest = this.store.get(id);
          this.save(latest, {
            status: 'cancelled',
            automaticRotation: after.config.enabled,
            leftBehind: `Cancelled. ${removed}${describeLabels(after, record.version)} ${auto}`,
            pendingVersion: after.pending !== undefined && !after.pending.onCurrent ? after.pending.version : null,
            steps: skipOpen(latest.steps),
          });
          return { dropped, cleanup: null };
        } catch (error) {
          // AWS cancelled it; only the look at the labels afterwards failed: said, not hidden.
          const cleanup = isKeyholeError(error) ? error.code : 'INTERNAL';
          const latest = this.store.get(id);
          this.save(latest, {
            status: 'cancelled',
            automaticRotation: false,
            leftBehind: `Cancelled; automatic rotation is now off (CancelRotateSecret turns it off). Keyhole could not check or remove AWSPENDING afterwards (${cleanup}): version ${record.version} may still carry it.`,
            pendingVersion: record.version,
            steps: skipOpen(latest.steps),
          });
          return { dropped: false, cleanup };
        }
      },
      (result) => ({ details: { dropped: result.dropped, cleanup: result.cleanup } }),
    );
    return this.get(id);
  }

  /** Removes an AWSPENDING label left on a version (not one a rotation Keyhole follows is using). */
  async cleanPending(input: CleanPendingInput): Promise<NativeInfo> {
    const { secret, version } = input;
    const { environment, connection, protectedPath } = this.scope(secret.environmentId, secret.name);
    const provider = await this.deps.providers.get(connection, environment);
    return this.deps.audit.around(
      this.fields(environment, connection, secret.name, 'rotation.native.clean_pending', { reason: input.reason ?? null, version }),
      async () => {
        const native = this.nativeOf(provider, secret.name);
        if (connection.readOnly || provider.pending === undefined)
          throw new KeyholeError(connection.readOnly ? 'READ_ONLY' : 'UNSUPPORTED', { path: secret.name });
        if (protectedPath)
          await this.deps.mfa.requireFreshCode(input.code, {
            operation: 'rotation.native.clean_pending',
            connectionId: connection.id,
            environmentId: environment.id,
            path: secret.name,
          });
        if (
          this.store.runningFor(environment.id, secret.name)?.version === version ||
          this.guided.unfinished(environment.id, secret.name)?.id === version
        )
          throw new KeyholeError('CONFLICT', { path: secret.name });
        const state = await native.state(secret.name);
        if (state.pending?.version === version) await provider.pending.drop(secret.name, version);
        const after = await native.state(secret.name);
        this.noteCleaned(environment.id, secret.name, version);
        return infoOf(after);
      },
    );
  }

  /** Stops following (Keyhole is quitting); running records are followed again at the next start. */
  async close(): Promise<void> {
    this.closed = true;
    const followers = [...this.followers.values()];
    for (const follower of followers) follower.controller.abort();
    await Promise.all(followers.map((follower) => follower.done));
  }

  // ---- following ----------------------------------------------------------------------------

  private follow(id: string): { first: Promise<void> } {
    const existing = this.followers.get(id);
    if (existing !== undefined || this.closed) return { first: Promise.resolve() };
    const controller = new AbortController();
    let firstDone: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    const follower: Follower = {
      controller,
      stalled: false,
      signature: null,
      lastChangeAt: this.deps.clock.now(),
      events: undefined,
      done: Promise.resolve(),
    };
    follower.done = (async () => {
      const signal = controller.signal;
      try {
        while (!signal.aborted) {
          const going = await this.tick(id, follower, signal).catch(() => this.noteNoProgress(id, follower));
          firstDone();
          if (!going || signal.aborted) break;
          await wait(this.pollMs, signal);
        }
      } finally {
        firstDone();
        if (this.followers.get(id) === follower) this.followers.delete(id);
      }
    })();
    this.followers.set(id, follower);
    return { first };
  }

  private async stopFollowing(id: string): Promise<void> {
    const follower = this.followers.get(id);
    if (follower === undefined) return;
    follower.controller.abort();
    await follower.done;
  }

  /** One look at the labels and the log; false once there is nothing more to follow. */
  private async tick(id: string, follower: Follower, signal: AbortSignal): Promise<boolean> {
    const record = this.store.find(id);
    if (record === undefined || record.status !== 'running') return false;
    let scope: Scope;
    try {
      scope = this.scope(record.environmentId, record.name);
    } catch (error) {
      const code = isKeyholeError(error) ? error.code : 'INTERNAL';
      this.save(record, {
        status: 'interrupted',
        error: { code, message: 'The connection or environment of this rotation is gone: Keyhole stopped following it.' },
      });
      return false;
    }
    const provider = await this.deps.providers.get(scope.connection, scope.environment);
    const native = this.nativeOf(provider, record.name);
    const state = await native.state(record.name, { signal });
    const lambdaArn = record.lambdaArn ?? state.config.lambdaArn;
    if (lambdaArn === undefined) follower.events = null;
    else {
      const read = await native.log(lambdaArn, record.startedAtMs, { signal, secret: record.name }).catch(() => undefined);
      if (read !== undefined) follower.events = read;
    }
    if (signal.aborted) return false;
    const events = follower.events === undefined ? null : follower.events;
    const now = this.deps.clock.now();
    const signature = JSON.stringify([state.stages, state.pending?.hasValue ?? null, events?.length ?? null]);
    if (signature !== follower.signature) {
      follower.signature = signature;
      follower.lastChangeAt = now;
    }
    const stalled = now - follower.lastChangeAt >= this.stallMs;
    const assessment = assess(record, { state, events, stalled, at: iso(now) });
    const latest = this.store.get(id);
    if (latest.status !== 'running') return false;
    const status = assessment.outcome === 'running' ? 'running' : assessment.outcome;
    follower.stalled = stalled && status === 'running';
    const failedWords =
      assessment.failedStep !== undefined
        ? `The rotation function ${status === 'failed' ? 'failed' : 'stopped'} at ${assessment.failedStep}${assessment.errorType !== undefined ? ` (${assessment.errorType})` : ''}.`
        : '';
    this.save(latest, {
      status,
      lambdaArn: lambdaArn ?? null,
      steps: assessment.steps,
      failedStep: assessment.failedStep ?? null,
      failedStepUncertain: assessment.failedStepUncertain === true,
      leftBehind: assessment.leftBehind ?? null,
      pendingVersion: assessment.pendingVersion ?? null,
      logRead: events !== null,
      automaticRotation: state.config.enabled,
      error:
        status === 'failed'
          ? { code: 'ROTATION_FAILED', message: failedWords }
          : follower.stalled
            ? { code: 'TIMEOUT', message: `Nothing moved for ${Math.round((now - follower.lastChangeAt) / 1000)} s. ${failedWords}`.trim() }
            : null,
    });
    if (status !== 'running') await this.auditEnd(latest, scope, status, assessment.failedStep, assessment.failedStepUncertain === true);
    this.notify(id);
    return status === 'running';
  }

  /** A look that failed (provider unreachable): no progress seen, which counts toward a stall. */
  private noteNoProgress(id: string, follower: Follower): boolean {
    if (this.closed) return false;
    const record = this.store.find(id);
    if (record === undefined || record.status !== 'running') return false;
    if (!follower.stalled && this.deps.clock.now() - follower.lastChangeAt >= this.stallMs) {
      follower.stalled = true;
      this.save(record, { error: { code: 'TIMEOUT', message: 'Nothing moved, and the provider could not be read.' } });
      this.notify(id);
    }
    return true;
  }

  private async auditEnd(
    record: NativeRecord,
    scope: Scope,
    status: 'completed' | 'failed',
    step: string | undefined,
    uncertain: boolean,
  ): Promise<void> {
    const fields = this.fields(scope.environment, scope.connection, record.name, `rotation.native.${status === 'completed' ? 'complete' : 'fail'}`, {
      version: record.version,
    });
    await this.deps.audit
      .record({
        ...fields,
        outcome: status === 'completed' ? 'success' : 'failure',
        details: {
          rotation: record.id,
          ...(step !== undefined ? { step, uncertain } : {}),
          ...(record.bulkId !== null ? { bulk: record.bulkId } : {}),
        },
      })
      .catch(() => undefined);
  }

  private notify(id: string): void {
    for (const check of [...(this.waiters.get(id) ?? [])]) check();
  }

  /** Records that pointed at the cleaned version say it is clean now. */
  private noteCleaned(environmentId: string, name: string, version: string): void {
    for (const record of this.store.listFor(environmentId, name)) {
      if (record.pendingVersion !== version) continue;
      this.save(record, {
        pendingVersion: null,
        leftBehind: `${record.leftBehind ?? ''} AWSPENDING was later removed from version ${version}.`.trim(),
      });
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * When the provider made the rotation's version, in the provider's own time: the function's log
   * is read from then on, so a local clock that runs ahead (or behind) neither hides this
   * rotation's lines nor shows an earlier rotation's.
   */
  private async createdOnProvider(provider: Provider, name: string, version: string): Promise<number | undefined> {
    try {
      const page = await provider.versions(name, undefined, { includeDeprecated: true });
      const createdAt = page.items.find((item) => item.id === version)?.createdAt;
      const ms = createdAt !== undefined ? Date.parse(createdAt) : Number.NaN;
      return Number.isNaN(ms) ? undefined : ms;
    } catch {
      return undefined;
    }
  }

  private nativeOf(provider: Provider, name: string): NativeRotation {
    if (provider.native === undefined) throw new KeyholeError('UNSUPPORTED', { path: name });
    return provider.native;
  }

  private scope(environmentId: string, name: string): Scope {
    const { connections } = this.deps;
    const environment = connections.environment(environmentId);
    const connection = connections.connection(environment.connectionId);
    return { environment, connection, protectedPath: connections.isProtectedPath(environment, connection, name) };
  }

  private fields(environment: Environment, connection: Connection, name: string, action: string, extra: Partial<AuditFields> = {}): AuditFields {
    return { connectionId: connection.id, environmentId: environment.id, path: name, ...extra, action };
  }

  private save(record: NativeRecord, patch: Partial<NativeRecord>): void {
    this.store.save({ ...record, ...patch, updatedAt: this.now() });
  }

  private view(record: NativeRecord, protectedOf = this.protectedOf()): RotationView {
    const stalled = record.status === 'running' && this.followers.get(record.id)?.stalled === true;
    return {
      id: record.id,
      kind: 'aws-native',
      environmentId: record.environmentId,
      name: record.name,
      target: 'aws-native',
      status: record.status,
      ...(record.bulkId !== null ? { bulkId: record.bulkId } : {}),
      native: {
        immediately: record.immediately,
        version: record.version,
        ...(record.lambdaArn !== null ? { lambdaArn: record.lambdaArn } : {}),
        ...(record.failedStep !== null ? { failedStep: record.failedStep } : {}),
        ...(record.failedStepUncertain ? { failedStepUncertain: true } : {}),
        ...(record.leftBehind !== null ? { leftBehind: record.leftBehind } : {}),
        ...(record.pendingVersion !== null ? { pendingVersion: record.pendingVersion } : {}),
        logRead: record.logRead,
        stalled,
        ...(record.automaticRotation !== null ? { automaticRotation: record.automaticRotation } : {}),
      },
      protected: protectedOf(record),
      checklist: [],
      steps: record.steps.map((step: NativeStep) => ({ ...step })),
      ...(record.error !== null ? { error: record.error } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  /** Whether a record's path is protected (true once its environment is gone); the protection rules are read once per listing. */
  private protectedOf(): (record: NativeRecord) => boolean {
    const { connections } = this.deps;
    const isProtected = connections.protection();
    return (record) => {
      try {
        const environment = connections.environment(record.environmentId);
        return isProtected(environment, connections.connection(environment.connectionId), record.name);
      } catch {
        return true;
      }
    };
  }

  private now(): string {
    return iso(this.deps.clock.now());
  }
}

function infoOf(state: NativeRotationState): NativeInfo {
  const { config } = state;
  return {
    supported: true,
    enabled: config.enabled,
    ...(config.lambdaArn !== undefined ? { lambdaArn: config.lambdaArn } : {}),
    ...(config.rulesDays !== undefined ? { rulesDays: config.rulesDays } : {}),
    ...(config.schedule !== undefined ? { schedule: config.schedule } : {}),
    ...(config.lastRotatedAt !== undefined ? { lastRotatedAt: config.lastRotatedAt } : {}),
    ...(config.nextRotationAt !== undefined ? { nextRotationAt: config.nextRotationAt } : {}),
    pending: state.pending !== undefined ? { ...state.pending } : null,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Real time between looks (the core Clock may stand still in tests); resolves early on abort. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
