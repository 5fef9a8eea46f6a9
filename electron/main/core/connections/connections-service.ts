import { randomUUID } from 'node:crypto';
import type { Connection, ConnectionConfig, ConnectionSecrets, Environment, EnvironmentScope } from '../../../../shared/connections';
import { isKeyholeError, KeyholeError, toWireError, type WireError } from '../../../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../ports';
import type { StepUpGate } from '../mfa/step-up';
import type { ProviderRegistry } from '../providers/registry';
import { isProtectedPath } from '../reveal/protection';
import type { ConnectionRepo } from './connection-repo';
import type { ConnectionCredentials } from './credentials';
import { sameProxy, splitProxyUrl } from './proxy-url';
import { endpointChanged, isProtectedConnectionChange, isProtectedEnvironmentChange, protectedByDefault } from './protected-changes';

export interface ConnectionView extends Connection {
  hasCredential: boolean;
}

export interface NewConnection {
  name: string;
  config: ConnectionConfig;
  readOnly: boolean;
  caPem?: string;
  proxyUrl?: string;
  secrets: ConnectionSecrets;
  sandbox?: boolean;
}

export interface ConnectionPatch {
  id: string;
  name?: string;
  config?: ConnectionConfig;
  readOnly?: boolean;
  caPem?: string | null;
  proxyUrl?: string | null;
  secrets?: ConnectionSecrets;
}

export interface NewEnvironment {
  connectionId: string;
  name: string;
  scope: EnvironmentScope;
  nameMapping?: { separator: string };
  protected?: boolean;
}

export interface CheckResult {
  reachable: boolean;
  authenticated: boolean;
  principal: string | null;
  expiresAt: string | null;
  latencyMs: number | null;
  error: WireError | null;
}

/** What a connection check says when the proxy, not the provider, refused (proxyFailureOf's two codes). */
const proxyFailureMessage = (error: KeyholeError) =>
  error.code === 'UNAUTHENTICATED'
    ? 'The proxy refused the login (HTTP 407): check the user and password in the proxy URL'
    : 'The proxy could not be reached, or it refused the tunnel to the provider';

/** Which endpoints connections and environments may name. */
export interface EndpointPolicy {
  config(config: ConnectionConfig): boolean;
  scope(scope: EnvironmentScope): boolean;
}

export const allowAnyEndpoint: EndpointPolicy = { config: () => true, scope: () => true };

/** Azure names cannot hold "/"; the others keep the common form. */
function defaultSeparator(scope: EnvironmentScope): string {
  return scope.kind === 'azure' ? '--' : '/';
}

/** Connections and environments: records in SQLite, credentials in the keychain, every change audited. */
export class ConnectionsService {
  constructor(
    private readonly repo: ConnectionRepo,
    private readonly credentials: ConnectionCredentials,
    private readonly registry: ProviderRegistry,
    private readonly audit: AuditLog,
    private readonly stepUp: StepUpGate,
    private readonly clock: Clock,
    /** The e2e host limits itself to loopback endpoints (the sandbox); Electron allows any. */
    private readonly allow: EndpointPolicy = allowAnyEndpoint,
  ) {}

  async list(): Promise<{ connections: ConnectionView[]; environments: Environment[] }> {
    const connections = await Promise.all(
      this.repo.listConnections().map(async (connection) => ({ ...connection, hasCredential: await this.credentials.has(connection.id) })),
    );
    return { connections, environments: this.repo.listEnvironments() };
  }

  async create(input: NewConnection): Promise<ConnectionView> {
    if (!this.allow.config(input.config)) throw new KeyholeError('FORBIDDEN');
    const proxy = input.proxyUrl !== undefined ? splitProxyUrl(input.proxyUrl) : undefined;
    const connection: Connection = {
      id: randomUUID(),
      name: input.name,
      config: input.config,
      readOnly: input.readOnly,
      ...(input.caPem !== undefined ? { caPem: input.caPem } : {}),
      ...(proxy !== undefined ? { proxyUrl: proxy.url } : {}),
      sandbox: input.sandbox ?? false,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    return this.audit.around(
      {
        action: 'connection.create',
        connectionId: connection.id,
        details: { kind: connection.config.kind, method: connection.config.auth.method, readOnly: connection.readOnly },
      },
      async () => {
        // Keychain first: a record without its credential is recoverable, a stray credential is not visible.
        if (Object.keys(input.secrets).length > 0) await this.credentials.set(connection.id, input.secrets);
        if (proxy?.userinfo !== undefined) await this.credentials.setProxyAuth(connection.id, proxy.userinfo);
        this.repo.saveConnection(connection);
        return { ...connection, hasCredential: Object.keys(input.secrets).length > 0 };
      },
    );
  }

  async update(patch: ConnectionPatch): Promise<ConnectionView> {
    const before = this.repo.getConnection(patch.id);
    const after: Connection = {
      ...before,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.config !== undefined ? { config: patch.config } : {}),
      ...(patch.readOnly !== undefined ? { readOnly: patch.readOnly } : {}),
    };
    if (patch.caPem !== undefined) {
      if (patch.caPem === null) delete after.caPem;
      else after.caPem = patch.caPem;
    }
    // undefined: the stored proxy credentials stay; null: they go (no proxy, or another proxy).
    let proxyAuth: string | null | undefined;
    if (patch.proxyUrl !== undefined) {
      if (patch.proxyUrl === null) {
        delete after.proxyUrl;
        proxyAuth = null;
      } else {
        const proxy = splitProxyUrl(patch.proxyUrl);
        after.proxyUrl = proxy.url;
        if (proxy.userinfo !== undefined) proxyAuth = proxy.userinfo;
        else if (!sameProxy(before.proxyUrl, proxy.url)) proxyAuth = null;
      }
    }
    if (after.config.kind !== before.config.kind) throw new KeyholeError('INVALID_INPUT');
    if (!this.allow.config(after.config)) throw new KeyholeError('FORBIDDEN');
    const moved = endpointChanged(before, after);
    const fields = {
      action: 'connection.update',
      connectionId: before.id,
      details: { endpointChanged: moved, credentialReplaced: patch.secrets !== undefined, readOnly: after.readOnly },
    };
    if (isProtectedConnectionChange(before, after, this.repo.listEnvironments(before.id)) && !this.stepUp.hasGrant()) {
      await this.audit.record({ ...fields, outcome: 'refused', code: 'PROTECTED_CHANGE' });
      throw new KeyholeError('PROTECTED_CHANGE');
    }
    return this.audit.around(fields, async () => {
      if (patch.secrets !== undefined) await this.credentials.set(before.id, patch.secrets);
      else if (moved) await this.credentials.wipe(before.id);
      if (proxyAuth !== undefined) await this.credentials.setProxyAuth(before.id, proxyAuth);
      this.repo.saveConnection(after);
      await this.registry.invalidate(before.id);
      return { ...after, hasCredential: await this.credentials.has(before.id) };
    });
  }

  async remove(id: string): Promise<void> {
    const connection = this.repo.getConnection(id);
    await this.audit.around({ action: 'connection.remove', connectionId: connection.id, details: { kind: connection.config.kind } }, async () => {
      this.repo.removeConnection(id);
      await this.registry.invalidate(id);
      await this.credentials.wipe(id);
      await this.credentials.setProxyAuth(id, null);
    });
  }

  /** Reachability, credential validity, provider-side identity and latency; never throws. */
  async check(id: string): Promise<CheckResult> {
    const connection = this.repo.getConnection(id);
    const started = this.clock.now();
    try {
      const result = await this.audit.around({ action: 'connection.check', connectionId: id }, async () => {
        const provider = await this.registry.open(connection);
        try {
          return await provider.identity({ signal: AbortSignal.timeout(15_000) });
        } finally {
          await provider.close();
        }
      });
      return {
        reachable: true,
        authenticated: true,
        principal: result.principal,
        expiresAt: result.expiresAt ?? null,
        latencyMs: this.clock.now() - started,
        error: null,
      };
    } catch (error) {
      // A proxy that refused us or the tunnel: the provider was never reached, and the message says whose fault it is.
      const proxy = isKeyholeError(error) && error.detail === 'proxy' ? error : null;
      const wire = proxy ? { code: proxy.code, message: proxyFailureMessage(proxy) } : toWireError(error);
      const reachable = !proxy && (wire.code === 'UNAUTHENTICATED' || wire.code === 'FORBIDDEN');
      return {
        reachable,
        authenticated: false,
        principal: null,
        expiresAt: null,
        latencyMs: reachable ? this.clock.now() - started : null,
        error: wire,
      };
    }
  }

  async createEnvironment(input: NewEnvironment): Promise<Environment> {
    const connection = this.repo.getConnection(input.connectionId);
    if (connection.config.kind !== input.scope.kind) throw new KeyholeError('INVALID_INPUT');
    if (!this.allow.scope(input.scope)) throw new KeyholeError('FORBIDDEN');
    const environment: Environment = {
      id: randomUUID(),
      connectionId: connection.id,
      name: input.name,
      scope: input.scope,
      nameMapping: input.nameMapping ?? { separator: defaultSeparator(input.scope) },
      protected: input.protected ?? protectedByDefault(input.name),
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    return this.audit.around(
      { action: 'environment.create', connectionId: connection.id, environmentId: environment.id, details: { protected: environment.protected } },
      async () => {
        this.repo.saveEnvironment(environment);
        return environment;
      },
    );
  }

  async updateEnvironment(patch: {
    id: string;
    name?: string;
    scope?: EnvironmentScope;
    nameMapping?: { separator: string };
    protected?: boolean;
  }): Promise<Environment> {
    const before = this.repo.getEnvironment(patch.id);
    const after: Environment = {
      ...before,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.scope !== undefined ? { scope: patch.scope } : {}),
      ...(patch.nameMapping !== undefined ? { nameMapping: patch.nameMapping } : {}),
      ...(patch.protected !== undefined ? { protected: patch.protected } : {}),
    };
    if (after.scope.kind !== before.scope.kind) throw new KeyholeError('INVALID_INPUT');
    if (!this.allow.scope(after.scope)) throw new KeyholeError('FORBIDDEN');
    const fields = {
      action: 'environment.update',
      connectionId: before.connectionId,
      environmentId: before.id,
      details: {
        protectedBefore: before.protected,
        protectedAfter: after.protected,
        scopeChanged: JSON.stringify(before.scope) !== JSON.stringify(after.scope),
      },
    };
    if (isProtectedEnvironmentChange(before, after) && !this.stepUp.hasGrant()) {
      await this.audit.record({ ...fields, outcome: 'refused', code: 'PROTECTED_CHANGE' });
      throw new KeyholeError('PROTECTED_CHANGE');
    }
    return this.audit.around(fields, async () => {
      this.repo.saveEnvironment(after);
      await this.registry.invalidate(before.connectionId);
      return after;
    });
  }

  async removeEnvironment(id: string): Promise<void> {
    const environment = this.repo.getEnvironment(id);
    await this.audit.around({ action: 'environment.remove', connectionId: environment.connectionId, environmentId: id }, async () => {
      this.repo.removeEnvironment(id);
      await this.registry.invalidate(environment.connectionId);
    });
  }

  /**
   * A protected-path check over one snapshot of every connection and environment (two queries),
   * for callers that check many names in a row.
   */
  protection(): (environment: Environment, connection: Connection, name: string) => boolean {
    const all = { connections: this.repo.listConnections(), environments: this.repo.listEnvironments() };
    return (environment, connection, name) => isProtectedPath(environment, connection, name, all);
  }

  /** Whether any protected environment covers this path (ARCHITECTURE: protection). */
  isProtectedPath(environment: Environment, connection: Connection, name: string): boolean {
    return this.protection()(environment, connection, name);
  }

  repoEnvironments(connectionId: string): Environment[] {
    return this.repo.listEnvironments(connectionId);
  }

  /**
   * Once at start: a proxy URL stored with its `user:pass@` (before proxy credentials moved to the
   * keychain) gives them to the keychain and keeps the URL without them.
   */
  async moveStoredProxyCredentials(): Promise<void> {
    for (const connection of this.repo.listConnections()) {
      if (connection.proxyUrl === undefined) continue;
      const proxy = splitProxyUrl(connection.proxyUrl);
      if (proxy.userinfo === undefined) continue;
      const userinfo = proxy.userinfo;
      await this.audit.around({ action: 'connection.proxy_credentials_moved', connectionId: connection.id }, async () => {
        await this.credentials.setProxyAuth(connection.id, userinfo);
        this.repo.saveConnection({ ...connection, proxyUrl: proxy.url });
        await this.registry.invalidate(connection.id);
      });
    }
  }

  /** Records only, without keychain look-ups. */
  repoConnections(): Connection[] {
    return this.repo.listConnections();
  }

  /**
   * The embedded sandbox's servers moved port between runs: its own connections follow. Not an
   * operator change (sandbox connections only, loopback only), but still audited.
   */
  async refreshSandboxEndpoint(id: string, config: ConnectionConfig, scopes: Map<string, EnvironmentScope>): Promise<void> {
    const connection = this.repo.getConnection(id);
    if (!connection.sandbox || connection.config.kind !== config.kind) throw new KeyholeError('FORBIDDEN');
    await this.audit.around({ action: 'sandbox.endpoint_refresh', connectionId: id }, async () => {
      this.repo.saveConnection({ ...connection, config });
      for (const environment of this.repo.listEnvironments(id)) {
        const scope = scopes.get(environment.name);
        if (scope && scope.kind === environment.scope.kind) this.repo.saveEnvironment({ ...environment, scope });
      }
      await this.registry.invalidate(id);
    });
  }

  connection(id: string): Connection {
    return this.repo.getConnection(id);
  }

  environment(id: string): Environment {
    return this.repo.getEnvironment(id);
  }
}
