import type { Connection, Environment } from '../../../../shared/connections';
import type { Page, SecretMetadata, VersionInfo } from '../../../../shared/domain';
import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../shared/errors';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { ConnectionsService } from '../connections/connections-service';
import type { FreshCodeGate, StepUpGate } from '../mfa/step-up';
import type { Provider } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import { present, type Presented } from '../reveal/present';
import { requireStepUp, requireWritable } from '../secrets/write-gate';
import type { SettingsStore } from '../store/settings-store';
import { Fingerprinter, type FieldComparison } from './fingerprint';

export interface HistoryDeps {
  connections: ConnectionsService;
  providers: ProviderRegistry;
  settings: SettingsStore;
  mfa: StepUpGate & FreshCodeGate;
  audit: AuditLog;
}

export interface SecretRef {
  environmentId: string;
  name: string;
}

export interface Opened {
  connectionId: string;
  provider: Provider['kind'];
  environmentName: string;
  protected: boolean;
  readOnly: boolean;
  concurrency: ReturnType<Provider['capabilities']>['concurrency'];
  restore: boolean;
  destroy: boolean;
  versionScoped: boolean;
  metadata: Omit<SecretMetadata, 'versions'>;
  page: Page<VersionInfo>;
}

export interface Comparison {
  from: string;
  to: string;
  identical: boolean;
  fields: FieldComparison[];
}

export type ShownValue = Omit<Presented, 'field'> & { version: string };

interface Scope {
  connection: Connection;
  environment: Environment;
  protectedPath: boolean;
  provider: () => Promise<Provider>;
  fields: (action: string, extra?: Partial<AuditFields>) => AuditFields;
}

/**
 * Version history, compare and rollback, and the deleted-things operations, each the provider's
 * own way (the adapters implement them; ARCHITECTURE: Providers). Every operation that reads a
 * value or writes is audited as an attempt before it acts; refusals (read-only, step-up, a wrong
 * confirmation) are audited too.
 */
export class HistoryService {
  private readonly fingerprints = new Fingerprinter();

  constructor(private readonly deps: HistoryDeps) {}

  async open(ref: SecretRef, signal?: AbortSignal): Promise<Opened> {
    const scope = this.scope(ref);
    const provider = await scope.provider();
    const options = signal ? { signal } : {};
    const [metadata, page] = await Promise.all([
      provider.metadata(ref.name, options),
      provider.versions(ref.name, undefined, { ...options, includeDeprecated: true }).catch((error: unknown) => error),
    ]);
    if (isPage(page)) return this.opened(scope, provider, metadata, page);
    // A deleted secret's versions may be out of reach (Azure keeps them inside the deleted secret; AWS refuses calls on it).
    if (metadata.deleted === true && isKeyholeError(page) && UNREACHABLE_WHEN_DELETED.has(page.code))
      return this.opened(scope, provider, metadata, { items: [] });
    throw page;
  }

  private opened(scope: Scope, provider: Provider, metadata: SecretMetadata, page: Page<VersionInfo>): Opened {
    const { versions: _dropped, ...rest } = metadata;
    const capabilities = provider.capabilities();
    return {
      connectionId: scope.connection.id,
      provider: provider.kind,
      environmentName: scope.environment.name,
      protected: scope.protectedPath,
      readOnly: scope.connection.readOnly,
      concurrency: capabilities.concurrency,
      restore: capabilities.restore,
      destroy: capabilities.destroy,
      versionScoped: provider.kind === 'vault',
      metadata: rest,
      page: newestFirst(page),
    };
  }

  async versions(ref: SecretRef & { cursor: string }, signal?: AbortSignal): Promise<Page<VersionInfo>> {
    const provider = await this.scope(ref).provider();
    return newestFirst(await provider.versions(ref.name, ref.cursor, { ...(signal ? { signal } : {}), includeDeprecated: true }));
  }

  /** Statuses only: both values are read and fingerprinted inside main, then dropped. */
  async compare(ref: SecretRef & { from: string; to: string }, signal?: AbortSignal): Promise<Comparison> {
    const scope = this.scope(ref);
    const options = signal ? { signal } : {};
    return this.deps.audit.around(
      scope.fields('secret.compare', { version: ref.to, details: { from: ref.from, to: ref.to, values: false } }),
      async () => {
        const provider = await scope.provider();
        const [from, to] = await Promise.all([provider.read(ref.name, ref.from, options), provider.read(ref.name, ref.to, options)]);
        const fields = this.fingerprints.compare(from.value, to.value);
        return { from: from.version, to: to.version, identical: fields.every((f) => f.status === 'same'), fields };
      },
      (result) => ({ details: { identical: result.identical } }),
    );
  }

  /** Both values side by side: the step-up where protected, the attempt before the values. */
  async compareValues(
    ref: SecretRef & { from: string; to: string; reason?: string | undefined },
    signal?: AbortSignal,
  ): Promise<{ from: ShownValue; to: ShownValue; revealSeconds: number }> {
    const scope = this.scope(ref);
    const revealSeconds = this.deps.settings.get().revealSeconds;
    const fields = scope.fields('secret.compare_values', {
      version: ref.to,
      reason: reasonOf(ref.reason),
      details: { from: ref.from, to: ref.to, revealSeconds },
    });
    await requireStepUp(this.deps, fields, ref.name, scope.protectedPath || this.deps.settings.get().stepUpEverywhere);
    const options = signal ? { signal } : {};
    return this.deps.audit.around(fields, async () => {
      const provider = await scope.provider();
      const [from, to] = await Promise.all([provider.read(ref.name, ref.from, options), provider.read(ref.name, ref.to, options)]);
      const shown = (read: typeof from): ShownValue => {
        const { field: _none, ...value } = present(read.value, ref.name);
        return { ...value, version: read.version };
      };
      return { from: shown(from), to: shown(to), revealSeconds };
    });
  }

  async rollback(
    ref: SecretRef & { toVersion: string; expectedVersion: string; reason?: string | undefined },
    signal?: AbortSignal,
  ): Promise<{ version: string; concurrentChangeDetected: boolean }> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.rollback', {
      version: ref.toVersion,
      reason: reasonOf(ref.reason),
      details: { from: ref.expectedVersion, to: ref.toVersion },
    });
    await requireWritable(this.deps, scope, fields, ref.name);
    return this.deps.audit
      .around(
        fields,
        async () => {
          const provider = await scope.provider();
          const result = await provider.rollback(
            ref.name,
            { toVersion: ref.toVersion, expectedVersion: ref.expectedVersion },
            signal ? { signal } : {},
          );
          return { version: result.version, concurrentChangeDetected: result.concurrentChangeDetected === true, requestId: result.requestId };
        },
        (result) => ({
          version: result.version,
          requestId: result.requestId ?? null,
          details: { concurrentChangeDetected: result.concurrentChangeDetected },
        }),
      )
      .then(({ version, concurrentChangeDetected }) => ({ version, concurrentChangeDetected }));
  }

  async delete(
    ref: SecretRef & { versions?: string[] | undefined; recoveryDays?: number | undefined; reason?: string | undefined },
    signal?: AbortSignal,
  ): Promise<void> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.delete', { reason: reasonOf(ref.reason), details: { versions: ref.versions?.join(',') ?? null } });
    await requireWritable(this.deps, scope, fields, ref.name);
    await this.deps.audit.around(fields, async () => {
      const provider = await scope.provider();
      await provider.delete(
        ref.name,
        { ...(ref.versions ? { versions: ref.versions } : {}), ...(ref.recoveryDays !== undefined ? { recoveryDays: ref.recoveryDays } : {}) },
        signal ? { signal } : {},
      );
    });
  }

  async restore(ref: SecretRef & { versions?: string[] | undefined; reason?: string | undefined }, signal?: AbortSignal): Promise<void> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.restore', { reason: reasonOf(ref.reason), details: { versions: ref.versions?.join(',') ?? null } });
    await requireWritable(this.deps, scope, fields, ref.name);
    await this.deps.audit.around(fields, async () => {
      const provider = await scope.provider();
      await provider.restore(ref.name, ref.versions, signal ? { signal } : {});
    });
  }

  /** Permanent: the name typed again and a fresh code, wherever the secret lives. */
  async destroy(
    ref: SecretRef & { versions?: string[] | undefined; confirmName: string; code: string; reason?: string | undefined },
    signal?: AbortSignal,
  ): Promise<void> {
    const scope = this.scope(ref);
    const fields = scope.fields('secret.destroy', { reason: reasonOf(ref.reason), details: { versions: ref.versions?.join(',') ?? 'all' } });
    if (scope.connection.readOnly) {
      await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'READ_ONLY' });
      throw new KeyholeError('READ_ONLY', { path: ref.name });
    }
    if (ref.confirmName !== ref.name) {
      await this.deps.audit.record({
        ...fields,
        outcome: 'refused',
        code: 'INVALID_INPUT',
        details: { ...fields.details, confirmation: 'mismatch' },
      });
      throw new KeyholeError('INVALID_INPUT', { path: ref.name });
    }
    await this.deps.mfa.requireFreshCode(ref.code, {
      operation: 'secret.destroy',
      connectionId: scope.connection.id,
      environmentId: scope.environment.id,
      path: ref.name,
    });
    await this.deps.audit.around(fields, async () => {
      const provider = await scope.provider();
      await provider.destroy(ref.name, ref.versions, signal ? { signal } : {});
    });
  }

  private scope(ref: SecretRef): Scope {
    const { connections, providers } = this.deps;
    const environment = connections.environment(ref.environmentId);
    const connection = connections.connection(environment.connectionId);
    const protectedPath = connections.isProtectedPath(environment, connection, ref.name);
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
        reason: null,
        ...extra,
        details: { protected: protectedPath, ...(extra.details ?? {}) },
      }),
    };
  }
}

const UNREACHABLE_WHEN_DELETED: ReadonlySet<ErrorCode> = new Set(['NOT_FOUND', 'DELETED', 'INVALID_INPUT']);

function isPage(value: unknown): value is Page<VersionInfo> {
  return typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items);
}

function reasonOf(reason: string | undefined): string | null {
  const trimmed = reason?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/**
 * The timeline reads newest first. A page is reordered by creation time only when the provider gave
 * every time; times are compared as instants (RFC 3339 fractions vary in length, so their text does
 * not sort), and ties keep the provider's own order (the sort is stable).
 */
function newestFirst(page: Page<VersionInfo>): Page<VersionInfo> {
  if (page.items.some((v) => v.createdAt === undefined || Number.isNaN(Date.parse(v.createdAt)))) return page;
  const items = [...page.items].sort((a, b) => Date.parse(b.createdAt!) - Date.parse(a.createdAt!));
  return { ...page, items };
}
