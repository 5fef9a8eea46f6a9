import { join } from 'node:path';
import type { EnvironmentScope } from '../../../shared/connections';
import { KeyholeError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings';
import { AuditExporter } from './audit/audit-export';
import { AuditLog } from './audit/audit-log';
import { AuditQueries } from './audit/audit-query';
import { AuditVerification } from './audit/audit-verification';
import { AuditRetention } from './audit/retention';
import { ConnectionRepo } from './connections/connection-repo';
import { ConnectionsService, type EndpointPolicy } from './connections/connections-service';
import { ConnectionCredentials } from './connections/credentials';
import { DiffDefinitions } from './diff/definitions';
import { DiffService } from './diff/diff-service';
import { PromoteService } from './diff/promote';
import { EditService } from './edit/edit-service';
import type { EmitEvent } from './events';
import { HistoryService } from './history/history-service';
import { JobRegistry } from './jobs/job-registry';
import type { Logger } from './logger';
import { MfaService } from './mfa/mfa-service';
import type { Clipboard, Clock, CredentialStore, SystemEvents } from './ports';
import { ProviderRegistry, type ProviderFactories } from './providers/registry';
import { ClipboardGuard } from './reveal/clipboard-guard';
import { RevealService } from './reveal/reveal-service';
import type { SandboxController } from './sandbox-port';
import { PolicyService } from './policies/policy-service';
import { RotationService } from './rotation/rotation-service';
import { BulkRotationService } from './rotation/bulk/bulk-service';
import { NativeRotationService } from './rotation/native/native-rotation-service';
import { InventoryService } from './secrets/inventory-service';
import { openDatabase, type Db } from './store/database';
import { SettingsStore } from './store/settings-store';

/** Retention runs at start and then this often. */
const AUDIT_PRUNE_EVERY_MS = 6 * 3_600_000;

export interface ScopeSuggestion {
  label: string;
  scope: EnvironmentScope;
}

export interface CoreOptions {
  dataDir: string;
  keychain: CredentialStore;
  clock: Clock;
  logger: Logger;
  emit: EmitEvent;
  shell: 'electron' | 'e2e-host';
  version: string;
  factories: ProviderFactories;
  createSandbox: (core: Core) => SandboxController;
  discoverScopes?: (core: Core, connectionId: string) => Promise<ScopeSuggestion[]>;
  endpointPolicy?: EndpointPolicy;
  /** Without one, copy answers UNSUPPORTED. */
  clipboard?: Clipboard;
  /** Suspend and screen lock end step-up grants. */
  systemEvents?: SystemEvents;
  /** Test hook for the rotation crash tests: called after each step's effect, before it is recorded. */
  rotationCrashPoint?: (step: string) => void;
  /** AWS native rotations: how often one is read again (ms) and when one counts as stalled (ms of the clock). */
  nativeRotation?: { pollMs?: number; stallMs?: number };
}

/**
 * Every core service, composed once. Electron's index.ts and the e2e host both build a Core and
 * bind the same contract over it; nothing here imports Electron.
 */
export class Core {
  readonly db: Db;
  readonly settings: SettingsStore;
  readonly audit: AuditLog;
  readonly auditQueries: AuditQueries;
  readonly auditExport: AuditExporter;
  readonly auditVerification: AuditVerification;
  readonly auditRetention: AuditRetention;
  readonly jobs: JobRegistry;
  readonly credentials: ConnectionCredentials;
  readonly providers: ProviderRegistry;
  readonly connections: ConnectionsService;
  readonly inventory: InventoryService;
  readonly sandbox: SandboxController;
  readonly mfa: MfaService;
  readonly clipboard: ClipboardGuard;
  readonly reveal: RevealService;
  readonly diff: DiffService;
  readonly promote: PromoteService;
  readonly diffDefinitions: DiffDefinitions;
  readonly history: HistoryService;
  readonly rotation: RotationService;
  readonly policies: PolicyService;
  readonly bulkRotation: BulkRotationService;
  readonly nativeRotation: NativeRotationService;
  readonly edit: EditService;
  readonly info: { version: string; shell: 'electron' | 'e2e-host' };

  constructor(readonly options: CoreOptions) {
    this.info = { version: options.version, shell: options.shell };
    this.db = openDatabase(join(options.dataDir, 'keyhole.sqlite'), options.logger);
    this.settings = new SettingsStore(this.db);
    this.audit = new AuditLog(this.db, options.keychain, options.clock);
    this.jobs = new JobRegistry(options.emit, options.clock, options.logger);
    this.auditQueries = new AuditQueries(this.db);
    this.auditVerification = new AuditVerification({
      db: this.db,
      keychain: options.keychain,
      audit: this.audit,
      jobs: this.jobs,
      emit: options.emit,
      clock: options.clock,
    });
    this.auditExport = new AuditExporter({
      db: this.db,
      audit: this.audit,
      jobs: this.jobs,
      emit: options.emit,
      clock: options.clock,
      dir: join(options.dataDir, 'exports'),
      names: async () => {
        const { connections, environments } = await this.connections.list();
        const names = new Map([...connections, ...environments].map((item) => [item.id, item.name]));
        return { connection: (id) => names.get(id) ?? null, environment: (id) => names.get(id) ?? null };
      },
    });
    this.auditRetention = new AuditRetention(this.db, this.audit, () => this.settings.get().auditRetentionDays, options.clock, options.logger);
    this.auditRetention.schedule(AUDIT_PRUNE_EVERY_MS);
    this.credentials = new ConnectionCredentials(options.keychain);
    this.mfa = new MfaService({
      db: this.db,
      keychain: options.keychain,
      clock: options.clock,
      audit: this.audit,
      settings: this.settings,
      emit: options.emit,
      logger: options.logger,
      ...(options.systemEvents !== undefined ? { systemEvents: options.systemEvents } : {}),
    });
    this.clipboard = new ClipboardGuard(options.clipboard, options.clock, options.logger);
    this.mfa.onLock(async () => void (await this.clipboard.clearIfOurs()));
    this.providers = new ProviderRegistry(
      options.factories,
      this.credentials,
      { clock: options.clock, logger: options.logger },
      (connection, expiresAt) =>
        options.emit('app:notice', {
          level: 'warning',
          code: 'CREDENTIAL_EXPIRING',
          message: `The token of ${connection.name} expires at ${expiresAt} and cannot be renewed: replace it in Connections.`,
        }),
    );
    this.connections = new ConnectionsService(
      new ConnectionRepo(this.db),
      this.credentials,
      this.providers,
      this.audit,
      this.mfa,
      options.clock,
      options.endpointPolicy,
    );
    this.inventory = new InventoryService(this.connections, this.providers, this.jobs, options.emit);
    this.reveal = new RevealService({
      connections: this.connections,
      providers: this.providers,
      settings: this.settings,
      stepUp: this.mfa,
      audit: this.audit,
      clipboard: this.clipboard,
    });
    this.history = new HistoryService({
      connections: this.connections,
      providers: this.providers,
      settings: this.settings,
      mfa: this.mfa,
      audit: this.audit,
    });
    this.edit = new EditService({
      connections: this.connections,
      providers: this.providers,
      settings: this.settings,
      mfa: this.mfa,
      audit: this.audit,
      clock: options.clock,
    });
    this.diff = new DiffService({
      connections: this.connections,
      providers: this.providers,
      jobs: this.jobs,
      audit: this.audit,
      mfa: this.mfa,
      settings: this.settings,
      clock: options.clock,
      exportsDir: join(options.dataDir, 'exports'),
    });
    this.promote = new PromoteService(this.diff, this.db);
    this.diffDefinitions = new DiffDefinitions(this.db, options.clock);
    this.rotation = new RotationService({
      db: this.db,
      keychain: options.keychain,
      connections: this.connections,
      providers: this.providers,
      mfa: this.mfa,
      audit: this.audit,
      settings: this.settings,
      clock: options.clock,
      ...(options.rotationCrashPoint !== undefined ? { crashPoint: options.rotationCrashPoint } : {}),
    });
    this.nativeRotation = new NativeRotationService({
      db: this.db,
      connections: this.connections,
      providers: this.providers,
      mfa: this.mfa,
      audit: this.audit,
      clock: options.clock,
      ...options.nativeRotation,
    });
    this.bulkRotation = new BulkRotationService({
      db: this.db,
      connections: this.connections,
      rotation: this.rotation,
      native: this.nativeRotation,
      mfa: this.mfa,
      audit: this.audit,
      jobs: this.jobs,
      clock: options.clock,
    });
    this.policies = new PolicyService({
      db: this.db,
      connections: this.connections,
      providers: this.providers,
      jobs: this.jobs,
      audit: this.audit,
      mfa: this.mfa,
      clock: options.clock,
      rotationsOf: (environmentId, name) => [...this.rotation.listFor(environmentId, name), ...this.nativeRotation.listFor(environmentId, name)],
    });
    this.sandbox = options.createSandbox(this);
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const details = { keys: Object.keys(patch).sort().join(',') };
    try {
      const { settings, weakened } = this.settings.update(patch, this.mfa.hasGrant());
      await this.audit.record({ action: 'settings.update', outcome: 'success', details: { ...details, weakened: weakened.join(',') } });
      if ('auditRetentionDays' in patch) void this.auditRetention.prune().catch(() => undefined);
      return settings;
    } catch (error) {
      const code = error instanceof KeyholeError ? error.code : 'INTERNAL';
      await this.audit.record({ action: 'settings.update', outcome: code === 'PROTECTED_CHANGE' ? 'refused' : 'failure', code, details });
      throw error;
    }
  }

  async discover(connectionId: string): Promise<{ suggestions: ScopeSuggestion[] }> {
    return { suggestions: this.options.discoverScopes ? await this.options.discoverScopes(this, connectionId) : [] };
  }

  async close(): Promise<void> {
    this.auditRetention.stop();
    this.mfa.close();
    // Quitting takes a copied value back off the clipboard.
    await this.clipboard.clearIfOurs();
    this.jobs.cancelAll();
    await this.nativeRotation.close();
    await this.providers.closeAll();
    await this.sandbox.close();
    await this.audit.flush();
    this.db.close();
  }
}
