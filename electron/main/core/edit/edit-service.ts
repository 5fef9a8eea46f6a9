import type { Connection, Environment } from '../../../../shared/connections';
import { isKeyholeError, KeyholeError } from '../../../../shared/errors';
import type { MetadataKey } from '../../../../shared/ipc/channels/edit';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { ConnectionsService } from '../connections/connections-service';
import type { StepUpGate } from '../mfa/step-up';
import type { Clock } from '../ports';
import type { MetadataPatch, Provider } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import { fieldNames } from '../providers/value';
import { requireWritable } from '../secrets/write-gate';
import type { SettingsStore } from '../store/settings-store';
import { FieldChanges, type FieldChange } from './field-changes';
import { metadataKeys } from './metadata-keys';
import { checkNewName, requireNewName, type NameCheck } from './name-rules';
import { resolveValue, type ValueInput } from './value-input';

export interface EditDeps {
  connections: ConnectionsService;
  providers: ProviderRegistry;
  settings: SettingsStore;
  mfa: StepUpGate;
  audit: AuditLog;
  clock: Clock;
}

export interface SecretRef {
  environmentId: string;
  name: string;
  reason?: string | undefined;
}

interface Scope {
  connection: Connection;
  environment: Environment;
  protectedPath: boolean;
  provider: () => Promise<Provider>;
  fields: (action: string, extra?: Partial<AuditFields>) => AuditFields;
}

/** What DeleteSecret uses when no window is given. */
const AWS_DEFAULT_RECOVERY_DAYS = 30;

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/**
 * Create, edit (value and metadata) and delete, each through the provider's own concurrency
 * control (ARCHITECTURE: Providers). A write is refused on a read-only connection and without a
 * step-up where the path is protected (both audited as refused); every write is an attempt before
 * it acts and an outcome with the provider's request id after. Values come in, never go out:
 * the editor learns field names and, before saving, which fields change (keyed fingerprints).
 */
export class EditService {
  private readonly changes = new FieldChanges();

  constructor(private readonly deps: EditDeps) {}

  /** The version and field names the editor opens on; the value is read and dropped in main. */
  async open(ref: SecretRef, signal?: AbortSignal) {
    const scope = this.scope(ref);
    const provider = await scope.provider();
    const metadata = await provider.metadata(ref.name, opts(signal));
    const { versions: _dropped, ...rest } = metadata;
    let version: string | null = null;
    let kind: 'string' | 'fields' | 'binary' | null = null;
    let names: string[] = [];
    if (metadata.deleted !== true) {
      const current = await provider.read(ref.name, undefined, opts(signal));
      version = current.version;
      kind = current.value.kind;
      names = current.value.kind === 'fields' ? fieldNames(current.value) : [];
    }
    const capabilities = provider.capabilities();
    return {
      provider: provider.kind,
      environmentName: scope.environment.name,
      protected: scope.protectedPath,
      readOnly: scope.connection.readOnly,
      valueShape: capabilities.valueShape,
      metadataKeys: metadataKeys(provider),
      softDelete: capabilities.softDelete,
      versionScoped: provider.kind === 'vault',
      recoveryWindow: provider.kind === 'aws',
      version,
      kind,
      fieldNames: names,
      metadata: rest,
    };
  }

  /** A new name's validity, and what a secret there may carry (for the New secret form). */
  async checkName(environmentId: string, name: string) {
    const scope = this.scope({ environmentId, name: name === '' ? '-' : name });
    const provider = await scope.provider();
    const check: NameCheck = name === '' ? { valid: false } : checkNewName(scope.environment, name);
    return { ...check, valueShape: provider.capabilities().valueShape, metadataKeys: metadataKeys(provider) };
  }

  async create(ref: SecretRef & { value: ValueInput; metadata?: MetadataPatch | undefined }, signal?: AbortSignal): Promise<{ version: string }> {
    const scope = this.scope(ref);
    const keys = Object.keys(ref.metadata ?? {}).sort();
    const fields = scope.fields('secret.create', { details: { metadata: keys.join(',') } });
    await requireWritable(this.deps, scope, fields, ref.name);
    const provider = await scope.provider();
    const value = await this.refusingBadInput(fields, () => {
      requireNewName(scope.environment, ref.name);
      this.requireSupported(provider, ref.metadata ?? {}, ref.name);
      return resolveValue(provider.kind, ref.value, ref.name);
    });
    const result = await this.deps.audit.around(
      fields,
      () => provider.create(ref.name, { value, ...(ref.metadata ? { metadata: ref.metadata } : {}) }, opts(signal)),
      (written) => ({ version: written.version, requestId: written.requestId ?? null }),
    );
    return { version: result.version };
  }

  /**
   * Which fields the change would touch, against the version the editor opened on. A preview tells
   * whether a typed value equals the current one, so it is gated and audited like the write itself
   * (read-only refused, the step-up where protected): it is no way to test guesses for free.
   */
  async preview(ref: SecretRef & { expectedVersion: string; value: ValueInput }, signal?: AbortSignal) {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.edit_preview', { version: ref.expectedVersion });
    await requireWritable(this.deps, scope, fields, ref.name);
    const provider = await scope.provider();
    await this.refusingBadInput(fields, () => resolveValue(provider.kind, ref.value, ref.name));
    return this.deps.audit.around(
      fields,
      async () => {
        const current = await provider.read(ref.name, undefined, opts(signal));
        if (current.version !== ref.expectedVersion) throw new KeyholeError('CONFLICT', { path: ref.name });
        const changes = this.changes.between(current.value, resolveValue(provider.kind, ref.value, ref.name, current.value));
        return { fields: changes, unchanged: changes.every((f) => f.change === 'unchanged') };
      },
      (result) => ({ details: { fields: result.fields.length, unchanged: result.unchanged } }),
    );
  }

  /**
   * A new version over `expectedVersion`: refused as CONFLICT when the secret moved since the
   * editor opened (checked here first, then by the provider's own control: Vault check-and-set,
   * AWS stage-label move, Azure re-read and verify-after).
   */
  async write(
    ref: SecretRef & { expectedVersion: string; value: ValueInput },
    signal?: AbortSignal,
  ): Promise<{ version: string; concurrentChangeDetected: boolean; fields: FieldChange[] }> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.write', { version: ref.expectedVersion, details: { expectedVersion: ref.expectedVersion } });
    await requireWritable(this.deps, scope, fields, ref.name);
    const provider = await scope.provider();
    // Text, JSON and shape are checked before anything is read; the size again over the current value.
    await this.refusingBadInput(fields, () => resolveValue(provider.kind, ref.value, ref.name));
    return this.deps.audit
      .around(
        fields,
        async () => {
          const current = await provider.read(ref.name, undefined, opts(signal));
          if (current.version !== ref.expectedVersion) throw new KeyholeError('CONFLICT', { path: ref.name });
          const next = resolveValue(provider.kind, ref.value, ref.name, current.value);
          const changed = this.changes.between(current.value, next);
          const written = await provider.write(ref.name, { value: next, expectedVersion: ref.expectedVersion }, opts(signal));
          return {
            version: written.version,
            concurrentChangeDetected: written.concurrentChangeDetected === true,
            fields: changed,
            requestId: written.requestId,
          };
        },
        (result) => ({
          version: result.version,
          requestId: result.requestId ?? null,
          details: {
            concurrentChangeDetected: result.concurrentChangeDetected,
            fields: result.fields
              .filter((f) => f.change !== 'unchanged')
              .map((f) => `${f.field || '(value)'}:${f.change}`)
              .join(','),
          },
        }),
      )
      .then(({ version, concurrentChangeDetected, fields: changed }) => ({ version, concurrentChangeDetected, fields: changed }));
  }

  async updateMetadata(ref: SecretRef & { patch: MetadataPatch }, signal?: AbortSignal): Promise<void> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.update', { details: { metadata: Object.keys(ref.patch).sort().join(',') } });
    await requireWritable(this.deps, scope, fields, ref.name);
    const provider = await scope.provider();
    await this.refusingBadInput(fields, () => this.requireSupported(provider, ref.patch, ref.name));
    await this.deps.audit.around(fields, () => provider.updateMetadata(ref.name, ref.patch, opts(signal)));
  }

  /** Soft delete, confirmed by the name typed again; answers what can be restored and until when. */
  async delete(
    ref: SecretRef & { confirmName: string; versions?: string[] | undefined; recoveryDays?: number | undefined },
    signal?: AbortSignal,
  ): Promise<{ restorable: boolean; restorableUntil?: string; recoverableDays?: number }> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.delete', {
      details: { versions: ref.versions?.join(',') ?? null, recoveryDays: ref.recoveryDays ?? null },
    });
    await requireWritable(this.deps, scope, fields, ref.name);
    const provider = await scope.provider();
    await this.refusingBadInput(fields, () => {
      if (ref.confirmName !== ref.name) throw new KeyholeError('INVALID_INPUT', { path: ref.name, detail: 'confirmation' });
      if (!provider.capabilities().softDelete) throw new KeyholeError('UNSUPPORTED', { path: ref.name });
      if (ref.versions !== undefined && provider.kind !== 'vault') throw new KeyholeError('UNSUPPORTED', { path: ref.name });
      if (ref.recoveryDays !== undefined && provider.kind !== 'aws') throw new KeyholeError('UNSUPPORTED', { path: ref.name });
    });
    await this.deps.audit.around(fields, () =>
      provider.delete(
        ref.name,
        { ...(ref.versions ? { versions: ref.versions } : {}), ...(ref.recoveryDays !== undefined ? { recoveryDays: ref.recoveryDays } : {}) },
        opts(signal),
      ),
    );
    // Vault keeps soft-deleted versions until destroyed; AWS until its recovery window ends
    // (DeleteSecret's DeletionDate, which the adapter does not return: the same sum); Azure says.
    if (provider.kind === 'vault') return { restorable: true };
    if (provider.kind === 'aws') {
      const days = ref.recoveryDays ?? AWS_DEFAULT_RECOVERY_DAYS;
      return { restorable: true, restorableUntil: new Date(this.deps.clock.now() + days * 86_400_000).toISOString(), recoverableDays: days };
    }
    const after = await provider.metadata(ref.name, opts(signal)).catch(() => undefined);
    return {
      restorable: true,
      ...(after?.deletionDate !== undefined ? { restorableUntil: after.deletionDate } : {}),
      ...(after?.recoverableDays !== undefined ? { recoverableDays: after.recoverableDays } : {}),
    };
  }

  private requireSupported(provider: Provider, patch: MetadataPatch, name: string): void {
    const allowed = new Set<MetadataKey>(metadataKeys(provider));
    const asked = (Object.keys(patch) as MetadataKey[]).filter((key) => patch[key] !== undefined);
    if (asked.some((key) => !allowed.has(key))) throw new KeyholeError('UNSUPPORTED', { path: name });
  }

  /** Runs input checks; a refusal is audited (code only) and nothing is written. */
  private async refusingBadInput<T>(fields: AuditFields, check: () => T): Promise<T> {
    try {
      return check();
    } catch (error) {
      if (!isKeyholeError(error)) throw error;
      await this.deps.audit.record({ ...fields, outcome: 'refused', code: error.code });
      throw error;
    }
  }

  private scope(ref: SecretRef): Scope {
    const { connections, providers } = this.deps;
    const environment = connections.environment(ref.environmentId);
    const connection = connections.connection(environment.connectionId);
    const protectedPath = connections.isProtectedPath(environment, connection, ref.name);
    const reason = ref.reason?.trim();
    return {
      connection,
      environment,
      protectedPath,
      provider: () => providers.get(connection, environment),
      fields: (action, extra = {}) => ({
        action,
        connectionId: connection.id,
        environmentId: environment.id,
        path: ref.name,
        version: null,
        reason: reason === undefined || reason === '' ? null : reason,
        ...extra,
        details: { protected: protectedPath, ...(extra.details ?? {}) },
      }),
    };
  }
}
