import { randomUUID } from 'node:crypto';
import type { Connection, Environment } from '../../../../shared/connections';
import { isKeyholeError, KeyholeError, wireMessage, type ErrorCode } from '../../../../shared/errors';
import type { RotationPlan, RotationStepName, RotationView } from '../../../../shared/ipc/channels/rotation';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { ConnectionsService } from '../connections/connections-service';
import { Fingerprinter } from '../history/fingerprint';
import type { FreshCodeGate } from '../mfa/step-up';
import type { Clock, CredentialStore } from '../ports';
import type { Provider } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import type { SecretValue } from '../providers/value';
import type { Db } from '../store/database';
import type { SettingsStore } from '../store/settings-store';
import { Escrow, type Escrowed } from './escrow';
import { fieldsOf, generatePassword, readField, withField } from './generate';
import { plannedSteps, storedPlan } from './plan';
import { canLogin, loginFrom, setRolePassword, type PgLogin } from './postgres-target';
import { httpAccepts } from './http-validator';
import { RotationStore, type RotationRecord, type StepState } from './rotation-store';

export interface RotationDeps {
  db: Db;
  keychain: CredentialStore;
  connections: ConnectionsService;
  providers: ProviderRegistry;
  mfa: FreshCodeGate;
  audit: AuditLog;
  settings: SettingsStore;
  clock: Clock;
  /** Test hook: called after a step's effect and before it is recorded as done (crash injection). */
  crashPoint?: (step: RotationStepName | `undo-${RotationStepName}`) => void;
}

/** A step that failed says what happened in plain words (never a value). */
class StepFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly said: string,
  ) {
    super(said);
  }
}

interface Context {
  record: RotationRecord;
  connection: Connection;
  environment: Environment;
  provider: Provider;
  protectedPath: boolean;
}

const CONFIRMED: ReadonlySet<RotationStepName> = new Set(['apply', 'promote']);
const PREVIOUS_VERSIONS_SEARCHED = 5;

/**
 * Guided rotation as a durable state machine (docs/architecture.md, Rotation). Each step is marked
 * running before it acts and done after, in SQLite; each effect is idempotent or checks where it
 * stands first, so a rotation cut off anywhere runs on from its last durable step. A failure at
 * any step undoes what was done, newest first. Values live only in the escrow between steps.
 */
export class RotationService {
  private readonly store: RotationStore;
  private readonly escrow: Escrow;
  private readonly fingerprints = new Fingerprinter();
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: RotationDeps) {
    this.store = new RotationStore(deps.db);
    this.escrow = new Escrow(deps.keychain);
    this.store.markInterrupted(this.now());
  }

  list(): RotationView[] {
    return this.store.list().map((record) => this.view(record));
  }

  /**
   * Every rotation of an environment, or of one secret in it, newest first. The environment and the
   * protection rules are read once for all of them (a due report asks this of every environment).
   */
  listFor(environmentId: string, name?: string): RotationView[] {
    const records = this.store.listFor(environmentId, name);
    if (records.length === 0) return [];
    let isProtected: (name: string) => boolean;
    try {
      const { connections } = this.deps;
      const environment = connections.environment(environmentId);
      const connection = connections.connection(environment.connectionId);
      const protection = connections.protection();
      isProtected = (secret) => protection(environment, connection, secret);
    } catch {
      isProtected = () => true;
    }
    return records.map((record) => this.view(record, isProtected(record.name)));
  }

  get(id: string): RotationView {
    return this.view(this.store.get(id));
  }

  async start(plan: RotationPlan, reason?: string): Promise<RotationView> {
    const record = await this.create(plan, reason, null);
    const manual = plan.generator.kind === 'manual' ? plan.generator.value : undefined;
    return this.serial(record.id, () => this.forward(record.id, manual));
  }

  /**
   * A rotation run as an item of a bulk rotation: started and run to its end (completed, or failed
   * and undone) without stopping for confirmations, because the bulk request confirmed apply and
   * promote for every item (checklist ticked once; its fresh code, checked once by the bulk, covers
   * a protected path). Every other rule holds: read-only, ROTATION_PENDING, AWSPENDING, the plan's
   * checks. A restart interrupts it like any rotation, and it resumes with confirmations as usual.
   */
  async runForBulk(
    plan: RotationPlan,
    bulk: { bulkId: string; checklist?: boolean[]; reason?: string; onCreated?: (rotationId: string) => void },
  ): Promise<RotationView> {
    // A typed value is for one secret: a bulk generates each one.
    if (plan.generator.kind !== 'random') throw new KeyholeError('INVALID_INPUT', { path: plan.secret.name });
    if (plan.target.kind === 'none' && !allTicked(plan.target.checklist, bulk.checklist))
      throw new KeyholeError('INVALID_INPUT', { path: plan.secret.name });
    const record = await this.create(plan, bulk.reason, bulk.bulkId);
    bulk.onCreated?.(record.id);
    return this.serial(record.id, () => this.forward(record.id, undefined, undefined, bulk.bulkId));
  }

  private async create(plan: RotationPlan, reason: string | undefined, bulkId: string | null): Promise<RotationRecord> {
    const { environment, connection, protectedPath } = this.scope(plan.secret.environmentId, plan.secret.name);
    const fields = this.fields(environment, connection, plan.secret.name, 'rotation.start', { reason: reason ?? null });
    const provider = await this.deps.providers.get(connection, environment);
    return this.deps.audit.around(
      fields,
      async () => {
        if (connection.readOnly) throw new KeyholeError('READ_ONLY', { path: plan.secret.name });
        checkPlan(plan);
        if (this.store.unfinished(environment.id, plan.secret.name)) throw new KeyholeError('ROTATION_PENDING', { path: plan.secret.name });
        await this.refuseAwsPending(provider, plan.secret.name);
        const now = this.now();
        const stored = storedPlan(plan);
        const created: RotationRecord = {
          id: randomUUID(),
          connectionId: connection.id,
          environmentId: environment.id,
          name: plan.secret.name,
          plan: stored,
          status: 'running',
          awaiting: null,
          undoing: false,
          steps: plannedSteps(stored, provider.kind),
          baseVersion: null,
          newVersion: null,
          escrow: null,
          error: null,
          bulkId,
          createdAt: now,
          updatedAt: now,
        };
        this.store.insert(created);
        return created;
      },
      (created) => ({ details: { rotation: created.id, protected: protectedPath, ...(bulkId !== null ? { bulk: bulkId } : {}) } }),
    );
  }

  async confirm(id: string, step: 'apply' | 'promote', code?: string, checklist?: boolean[]): Promise<RotationView> {
    return this.serial(id, async () => {
      const record = this.store.get(id);
      if (record.status !== 'awaiting-confirmation' || record.awaiting !== step) throw new KeyholeError('CONFLICT', { path: record.name });
      const { environment, connection, protectedPath } = this.scope(record.environmentId, record.name);
      if (step === 'promote' && record.plan.target.kind === 'none' && !allTicked(record.plan.target.checklist, checklist))
        throw new KeyholeError('INVALID_INPUT', { path: record.name });
      if (protectedPath)
        await this.deps.mfa.requireFreshCode(code, {
          operation: `rotation.${step}`,
          connectionId: connection.id,
          environmentId: environment.id,
          path: record.name,
        });
      await this.deps.audit.record({
        ...this.fields(environment, connection, record.name, `rotation.confirm`),
        outcome: 'success',
        details: { rotation: id, step },
      });
      this.save(record, { status: 'running', awaiting: null });
      return this.forward(id, undefined, step);
    });
  }

  /** Runs an interrupted rotation on: forward from its last durable step, or on with its undo. */
  async resume(id: string): Promise<RotationView> {
    return this.serial(id, async () => {
      const record = this.store.get(id);
      if (record.status !== 'interrupted') throw new KeyholeError('CONFLICT', { path: record.name });
      const { environment, connection } = this.scope(record.environmentId, record.name);
      await this.deps.audit.record({
        ...this.fields(environment, connection, record.name, 'rotation.resume'),
        outcome: 'success',
        details: { rotation: id, undoing: record.undoing },
      });
      if (record.undoing) return this.undo(id, null);
      const running = record.steps.find((s) => s.status === 'running');
      this.save(record, { status: 'running' });
      // A confirmed step that was cut off runs again; an unconfirmed one waits for its confirmation.
      return this.forward(id, undefined, running?.name);
    });
  }

  async abort(id: string): Promise<RotationView> {
    return this.serial(id, async () => {
      const record = this.store.get(id);
      const open = ['awaiting-confirmation', 'interrupted'].includes(record.status) || (record.status === 'failed' && record.escrow !== null);
      if (!open) throw new KeyholeError('CONFLICT', { path: record.name });
      const { environment, connection } = this.scope(record.environmentId, record.name);
      await this.deps.audit.record({
        ...this.fields(environment, connection, record.name, 'rotation.abort'),
        outcome: 'success',
        details: { rotation: id },
      });
      return this.undo(id, { code: 'CANCELLED', message: 'Aborted by the operator' });
    });
  }

  // ---- the forward path -------------------------------------------------------------------

  /** `bulkId`: an item of that bulk, whose request confirmed apply and promote. */
  private async forward(id: string, manual: string | undefined, confirmed?: RotationStepName, bulkId?: string): Promise<RotationView> {
    for (;;) {
      const record = this.store.get(id);
      const step = record.steps.find((s) => s.status !== 'done');
      if (step === undefined) {
        this.save(record, { status: 'completed', awaiting: null });
        return this.get(id);
      }
      if (CONFIRMED.has(step.name) && step.name !== confirmed) {
        if (bulkId === undefined) {
          this.save(record, { status: 'awaiting-confirmation', awaiting: step.name as 'apply' | 'promote' });
          return this.get(id);
        }
        const { environment, connection } = this.scope(record.environmentId, record.name);
        await this.deps.audit.record({
          ...this.fields(environment, connection, record.name, 'rotation.confirm'),
          outcome: 'success',
          details: { rotation: id, step: step.name, bulk: bulkId },
        });
      }
      const context = await this.context(record);
      try {
        await this.runStep(context, step.name, manual);
      } catch (error) {
        const failure = asFailure(error);
        this.setStep(id, step.name, 'failed', failure.said);
        return this.undo(id, { code: failure.code, message: `${title(step.name)} failed: ${failure.said}` });
      }
    }
  }

  private async runStep(context: Context, name: RotationStepName, manual: string | undefined): Promise<void> {
    const { record } = context;
    this.setStep(record.id, name, 'running');
    const result = await this.deps.audit.around(
      this.fields(context.environment, context.connection, record.name, `rotation.${name}`, { details: { rotation: record.id } }),
      () => this.effect(context, name, manual),
    );
    this.deps.crashPoint?.(name);
    this.setStep(record.id, name, 'done', result.said, result.patch);
  }

  private async effect(
    context: Context,
    name: RotationStepName,
    manual: string | undefined,
  ): Promise<{ said: string; patch?: Partial<RotationRecord> }> {
    const { record, provider } = context;
    const plan = record.plan;
    switch (name) {
      case 'generate': {
        const current = await provider.read(record.name);
        const oldField = fieldOrFailure(current.value, plan.field);
        const nextField = plan.generator.kind === 'random' ? generatePassword(plan.generator.policy) : manual;
        if (nextField === undefined) throw new StepFailure('INVALID_INPUT', 'the value you entered is gone after the restart: abort and start again');
        if (nextField === oldField) throw new StepFailure('INVALID_INPUT', 'the new value is the same as the current one');
        const values: Escrowed = { old: current.value, next: withField(current.value, plan.field, nextField) };
        if (plan.target.kind === 'postgres' && plan.target.strategy === 'alternating') {
          const roles = plan.target.roles!;
          const currentUser = loginFrom(fieldsOf(current.value)).user;
          const other = roles.find((role) => role !== currentUser);
          if (other === undefined || !roles.includes(currentUser))
            throw new StepFailure('INVALID_INPUT', `the secret's username is not one of ${roles.join(' / ')}`);
          values.next = withField(current.value, plan.field, nextField, { username: other });
          const otherOld = await this.previousPassword(provider, record.name, current.version, other, plan.field);
          if (otherOld !== undefined) values.otherOld = otherOld;
        }
        const sealed = await this.escrow.seal(record.id, values);
        return {
          said: `Read version ${current.version}; made ${plan.generator.kind === 'random' ? 'a random value' : 'the entered value'} for ${plan.field ?? 'the value'} and escrowed it as ciphertext.`,
          patch: { escrow: sealed, baseVersion: current.version },
        };
      }
      case 'stage': {
        await this.refuseAwsPending(provider, record.name, record.id);
        if (provider.pending === undefined) return { said: 'The new value is held as ciphertext in Keyhole; nothing is current yet.' };
        // The rotation's id is the ClientRequestToken: staging again after a crash is the same version.
        const staged = await provider.pending.put(record.name, (await this.values(record)).next, record.id);
        return { said: `Stored the new value as version ${staged.version} under AWSPENDING only; AWSCURRENT is unchanged.` };
      }
      case 'apply': {
        if (plan.target.kind === 'none') return { said: 'Nothing applied: the checklist is ticked before promote.' };
        const values = await this.values(record);
        const { role, logins } = await this.targetAccess(context, values, 'forward');
        await setRolePassword(logins, role, readField(values.next, plan.field));
        return { said: `Set the password of role ${role} on ${where(loginFrom(fieldsOf(values.next)))} as a SCRAM-SHA-256 verifier.` };
      }
      case 'validate':
        return { said: await this.validate(record, await this.values(record)) };
      case 'promote': {
        const values = await this.values(record);
        const current = await provider.read(record.name);
        if (this.same(current.value, values.next)) {
          // Cut off between the move of AWSCURRENT and the label's removal: remove it now.
          await this.dropOwnPending(provider, record);
          return { said: `Version ${current.version} already holds the new value.`, patch: { newVersion: current.version } };
        }
        if (current.version !== record.baseVersion)
          throw new StepFailure(
            'CONFLICT',
            `the secret moved from version ${record.baseVersion} to ${current.version} since generate; nothing was written`,
          );
        const written = provider.pending
          ? await provider.pending.promote(record.name, record.id, record.baseVersion)
          : await provider.write(record.name, { value: values.next, expectedVersion: record.baseVersion });
        return {
          said: `Wrote the new value as version ${written.version}; version ${record.baseVersion} is now the previous one.`,
          patch: { newVersion: written.version },
        };
      }
      case 'verify': {
        const values = await this.values(record);
        const current = await provider.read(record.name);
        if (!this.same(current.value, values.next))
          throw new StepFailure('CONFLICT', `the current version ${current.version} does not hold the new value`);
        if (plan.target.kind === 'postgres' && !(await canLogin(loginFrom(fieldsOf(values.next)))))
          throw new StepFailure('UNAUTHENTICATED', 'PostgreSQL no longer accepts the new credential');
        return {
          said: `Version ${current.version} matches the escrowed value by fingerprint${plan.target.kind === 'postgres' ? '; PostgreSQL accepts it' : ''}.`,
        };
      }
      case 'finish':
        await this.escrow.drop(record.id);
        return {
          said: `Done. Version ${record.newVersion ?? '?'} is current; version ${record.baseVersion ?? '?'} is kept as the previous one.`,
          patch: { escrow: null },
        };
    }
  }

  private async validate(record: RotationRecord, values: Escrowed): Promise<string> {
    const said: string[] = [];
    for (const validator of record.plan.validators) {
      if (validator.kind === 'postgres-login') {
        const login = loginFrom(fieldsOf(values.next));
        if (!(await canLogin(login))) throw new StepFailure('UNAUTHENTICATED', `PostgreSQL refused role ${login.user} with the new password`);
        said.push(`role ${login.user} logged in with the new password`);
      } else {
        const answer = await httpAccepts(validator, readField(values.next, record.plan.field));
        if (!answer.ok) throw new StepFailure('UNAUTHENTICATED', `${validator.url} answered HTTP ${answer.status} to the new value`);
        said.push(`${validator.url} answered HTTP ${answer.status}`);
      }
    }
    return said.length === 0 ? 'No validator ran.' : `Validated: ${said.join('; ')}.`;
  }

  // ---- undo -------------------------------------------------------------------------------

  /** Undoes what was done, newest first; a step cut off while running is undone as if it had acted. */
  private async undo(id: string, error: { code: string; message: string } | null): Promise<RotationView> {
    let record = this.store.get(id);
    this.save(record, { status: 'running', awaiting: null, undoing: true, ...(error ? { error } : {}) });
    record = this.store.get(id);
    const context = await this.context(record).catch(() => null);
    for (const step of [...record.steps].reverse()) {
      if (step.status !== 'done' && step.status !== 'running' && !(step.status === 'failed' && acted(step.name))) {
        if (step.status === 'pending') this.setStep(id, step.name, 'skipped', 'Not run.');
        continue;
      }
      try {
        if (context === null) throw new KeyholeError('UNAVAILABLE');
        const said = await this.deps.audit.around(
          this.fields(context.environment, context.connection, record.name, `rotation.undo.${step.name}`, { details: { rotation: id } }),
          () => this.undoStep(context, step.name),
        );
        this.deps.crashPoint?.(`undo-${step.name}`);
        if (step.status === 'failed') this.appendResult(id, step.name, said);
        else this.setStep(id, step.name, 'undone', step.result ? `${step.result} Undone: ${said}` : `Undone: ${said}`);
      } catch (cause) {
        const failure = asFailure(cause);
        const latest = this.store.get(id);
        this.save(latest, {
          status: 'failed',
          undoing: false,
          error: {
            code: failure.code,
            message:
              `${latest.error?.message ?? ''} Undoing ${step.name} failed too: ${failure.said}. The escrow is kept: abort again once the target is reachable.`.trim(),
          },
        });
        return this.get(id);
      }
    }
    const latest = this.store.get(id);
    await this.escrow.drop(id).catch(() => undefined);
    const said = 'Everything done before it has been undone (each step says how).';
    const message = latest.error && !latest.error.message.endsWith(said) ? `${latest.error.message}. ${said}` : latest.error?.message;
    this.save(latest, {
      status: 'rolled-back',
      undoing: false,
      escrow: null,
      ...(latest.error && message ? { error: { ...latest.error, message } } : {}),
    });
    return this.get(id);
  }

  private async undoStep(context: Context, name: RotationStepName): Promise<string> {
    const { record, provider } = context;
    if (record.escrow === null) return 'Nothing to undo.';
    switch (name) {
      case 'generate':
        return 'The escrowed value is dropped.';
      case 'stage': {
        if (provider.pending === undefined) return 'Nothing is staged any more.';
        return (await this.dropOwnPending(provider, record))
          ? `Removed AWSPENDING from version ${record.id}; it is deprecated.`
          : 'No AWSPENDING label to remove.';
      }
      case 'apply': {
        if (record.plan.target.kind === 'none') return 'Nothing was applied.';
        const values = await this.values(record);
        const { role, logins } = await this.targetAccess(context, values, 'undo');
        const strategy = record.plan.target.strategy;
        if (strategy === 'single') {
          await setRolePassword(logins, role, readField(values.old, record.plan.field));
          return `Role ${role} has its old password back.`;
        }
        await setRolePassword(logins, role, values.otherOld ?? null);
        return values.otherOld !== undefined
          ? `Role ${role} has its old password back.`
          : `Role ${role} had no password Keyhole knew of: its password is removed.`;
      }
      case 'promote': {
        const values = await this.values(record);
        const current = await provider.read(record.name);
        if (!this.same(current.value, values.next)) return `Version ${current.version} does not hold the new value: nothing to put back.`;
        const written = await provider.write(record.name, { value: values.old, expectedVersion: current.version });
        return `Wrote the old value back as version ${written.version}.`;
      }
      default:
        return 'Nothing to undo.';
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Which role changes and how to connect: the secret's own fields (old or new, whichever works) or the admin secret's. */
  private async targetAccess(context: Context, values: Escrowed, direction: 'forward' | 'undo'): Promise<{ role: string; logins: PgLogin[] }> {
    const target = context.record.plan.target;
    if (target.kind !== 'postgres') throw new KeyholeError('INTERNAL');
    const old = loginFrom(fieldsOf(values.old));
    const next = loginFrom(fieldsOf(values.next));
    const role = target.strategy === 'single' ? old.user : next.user;
    if (target.connectWith.source === 'admin') {
      const { environment, connection } = this.scope(target.connectWith.secret.environmentId, target.connectWith.secret.name);
      const admin = await (await this.deps.providers.get(connection, environment)).read(target.connectWith.secret.name);
      return { role, logins: [loginFrom(fieldsOf(admin.value))] };
    }
    // After a crash the role may hold either password; alternating connects as the current role, which keeps its own.
    if (target.strategy === 'alternating') return { role, logins: [old] };
    return { role, logins: direction === 'forward' ? [old, next] : [next, old] };
  }

  /** The other role's password in the newest earlier version that names it. */
  private async previousPassword(
    provider: Provider,
    name: string,
    currentVersion: string,
    role: string,
    field: string | undefined,
  ): Promise<string | undefined> {
    const page = await provider.versions(name);
    const earlier = page.items
      .filter((v) => v.id !== currentVersion && !v.current && v.deleted !== true && v.destroyed !== true)
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
      .slice(0, PREVIOUS_VERSIONS_SEARCHED);
    for (const version of earlier) {
      const read = await provider.read(name, version.id).catch(() => null);
      if (read === null) continue;
      const fields = fieldsOf(read.value);
      if ((fields.username ?? fields.user) === role) return readField(read.value, field);
    }
    return undefined;
  }

  /** Removes AWSPENDING from this rotation's own staged version, if it is there. */
  private async dropOwnPending(provider: Provider, record: RotationRecord): Promise<boolean> {
    if (provider.pending === undefined) return false;
    const page = await provider.versions(record.name, undefined, { includeDeprecated: true });
    if (!page.items.some((v) => v.id === record.id && v.stages?.includes('AWSPENDING'))) return false;
    await provider.pending.drop(record.name, record.id);
    return true;
  }

  /** An AWSPENDING label left by another rotation (Keyhole's or AWS's own) means one is unfinished. */
  private async refuseAwsPending(provider: Provider, name: string, ours?: string): Promise<void> {
    if (provider.kind !== 'aws') return;
    const page = await provider.versions(name, undefined, { includeDeprecated: true });
    const pending = page.items.find((v) => v.id !== ours && v.stages?.includes('AWSPENDING'));
    if (pending) throw new KeyholeError('ROTATION_PENDING_LABEL', { path: name, detail: 'AWSPENDING' });
  }

  private async values(record: RotationRecord): Promise<Escrowed> {
    if (record.escrow === null) throw new KeyholeError('INTERNAL', { path: record.name });
    return this.escrow.open(record.id, record.escrow);
  }

  private same(a: SecretValue, b: SecretValue): boolean {
    return this.fingerprints.compare(a, b).every((f) => f.status === 'same');
  }

  private async context(record: RotationRecord): Promise<Context> {
    const { environment, connection, protectedPath } = this.scope(record.environmentId, record.name);
    return { record, environment, connection, protectedPath, provider: await this.deps.providers.get(connection, environment) };
  }

  private scope(environmentId: string, name: string): { environment: Environment; connection: Connection; protectedPath: boolean } {
    const { connections } = this.deps;
    const environment = connections.environment(environmentId);
    const connection = connections.connection(environment.connectionId);
    const protectedPath = connections.isProtectedPath(environment, connection, name);
    return { environment, connection, protectedPath };
  }

  private fields(environment: Environment, connection: Connection, name: string, action: string, extra: Partial<AuditFields> = {}): AuditFields {
    return { connectionId: connection.id, environmentId: environment.id, path: name, ...extra, action };
  }

  private setStep(id: string, name: RotationStepName, status: StepState['status'], result?: string, patch: Partial<RotationRecord> = {}): void {
    const record = this.store.get(id);
    const steps = record.steps.map((s) => (s.name === name ? { ...s, status, ...(result !== undefined ? { result, at: this.now() } : {}) } : s));
    this.save(record, { ...patch, steps });
  }

  private appendResult(id: string, name: RotationStepName, said: string): void {
    const record = this.store.get(id);
    this.save(record, { steps: record.steps.map((s) => (s.name === name ? { ...s, result: `${s.result ?? ''} Undone: ${said}`.trim() } : s)) });
  }

  private save(record: RotationRecord, patch: Partial<RotationRecord>): void {
    this.store.save({ ...record, ...patch, updatedAt: this.now() });
  }

  private view(record: RotationRecord, protectedPath = this.protectedOrTrue(record)): RotationView {
    const target = record.plan.target;
    return {
      id: record.id,
      kind: 'guided',
      environmentId: record.environmentId,
      name: record.name,
      ...(record.plan.field !== undefined ? { field: record.plan.field } : {}),
      target: target.kind,
      ...(target.kind === 'postgres' ? { strategy: target.strategy } : {}),
      status: record.status,
      ...(record.bulkId !== null ? { bulkId: record.bulkId } : {}),
      ...(record.awaiting !== null ? { awaiting: record.awaiting } : {}),
      protected: protectedPath,
      checklist: target.kind === 'none' ? target.checklist : [],
      steps: record.steps.map((s) => ({ ...s })),
      ...(record.error !== null ? { error: record.error } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  private protectedOrTrue(record: RotationRecord): boolean {
    try {
      return this.scope(record.environmentId, record.name).protectedPath;
    } catch {
      return true;
    }
  }

  /** One operation at a time per rotation (a double-clicked confirm runs once). */
  private async serial<T>(id: string, run: () => Promise<T>): Promise<T> {
    if (this.busy.has(id)) throw new KeyholeError('CONFLICT');
    const running = run();
    this.busy.set(id, running);
    try {
      return await running;
    } finally {
      this.busy.delete(id);
    }
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** Steps whose effect may have happened even though they failed (a write that answered with an error). */
function acted(name: RotationStepName): boolean {
  return name === 'apply' || name === 'promote';
}

/** A plan's own rules, checked before anything is read or written. */
export function checkPlan(plan: Pick<RotationPlan, 'secret' | 'target' | 'validators'>): void {
  if (plan.target.kind === 'postgres' && plan.target.strategy === 'alternating' && plan.target.roles === undefined)
    throw new KeyholeError('INVALID_INPUT', { path: plan.secret.name });
  // A validator sends the new credential: over the network only with TLS.
  if (plan.validators.some((v) => v.kind === 'http' && !safeUrl(v.url))) throw new KeyholeError('INVALID_INPUT', { path: plan.secret.name });
}

/** Every item of a checklist ticked (an empty checklist still needs its empty answer). */
export function allTicked(items: string[], checklist: boolean[] | undefined): boolean {
  return checklist !== undefined && checklist.length === items.length && checklist.every((ticked) => ticked);
}

/** https anywhere; plain http to loopback only. */
function safeUrl(text: string): boolean {
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
}

/** The field to rotate, or a failure that names what is missing (a field name, never a value). */
function fieldOrFailure(value: SecretValue, field: string | undefined): string {
  try {
    return readField(value, field);
  } catch (error) {
    if (!isKeyholeError(error) || error.code !== 'INVALID_INPUT') throw error;
    throw new StepFailure(
      'INVALID_INPUT',
      field === undefined ? 'the value is not a plain string: name the field to rotate' : `the secret has no field "${field}"`,
    );
  }
}

function asFailure(error: unknown): StepFailure {
  if (error instanceof StepFailure) return error;
  if (isKeyholeError(error)) return new StepFailure(error.code, wireMessage(error.code, error.path).toLowerCase());
  return new StepFailure('INTERNAL', wireMessage('INTERNAL').toLowerCase());
}

function title(step: RotationStepName): string {
  return step.charAt(0).toUpperCase() + step.slice(1);
}

function where(login: PgLogin): string {
  return `${login.host}:${login.port}/${login.database}`;
}
