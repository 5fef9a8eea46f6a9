import type { ConnectionSecrets, VaultConnectionConfig } from '../../../../../shared/connections';
import { isKeyholeError, KeyholeError } from '../../../../../shared/errors';
import type { ProviderDeps } from '../deps';
import { proxyFailureOf } from '../proxy';
import { mapVaultError, type MapContext } from './map-error';
import { authResponse, lookupSelfResponse, parse } from './responses';
import { TokenKeeper, type TokenLifetime } from './token-keeper';
import { VaultTransport, type CallTap, type RequestOptions, type VaultClient } from './transport';

/** Options beyond ProviderDeps that only the Vault adapter understands. */
export interface VaultProviderOptions {
  /** Told once when the token will run out and can be neither renewed nor replaced by a login. */
  onTokenExpiring?: (expiresAt: string) => void;
  /** How long before expiry onTokenExpiring fires (default 5 minutes). */
  warnBeforeMs?: number;
  /** Per-request timeout (default 30 s). */
  requestTimeoutMs?: number;
  /** Concurrent LIST requests while walking folders (default 16). */
  listConcurrency?: number;
  /** Concurrent reads in readMany (default 8). */
  readConcurrency?: number;
}

export type VaultProviderDeps = ProviderDeps & VaultProviderOptions;

export type CallContext = Pick<MapContext, 'path' | 'create'> & { signal?: AbortSignal };

type Run<T> = (client: VaultClient, options: RequestOptions) => Promise<T>;

/** Resolves or rejects with `promise`, or rejects with CANCELLED as soon as `signal` fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new KeyholeError('CANCELLED'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A login failure reported for the call that needed the login. */
function withPath(error: unknown, path: string | undefined): unknown {
  if (!isKeyholeError(error) || path === undefined || error.path !== undefined) return error;
  const { code, retryAfterMs, requestId, detail } = error;
  return new KeyholeError(code, {
    path,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
}

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, '');

/**
 * One authenticated node-vault client per connection: logs in lazily (token, userpass, LDAP,
 * AppRole), keeps the token alive, maps every error at the boundary, and logs in again once when
 * a login-based token was refused mid-way. Every call is cancellable and safe to retry.
 */
export class VaultSession {
  private readonly transport: VaultTransport;
  private readonly keeper: TokenKeeper;
  private login: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly config: VaultConnectionConfig,
    private readonly secrets: ConnectionSecrets,
    private readonly deps: VaultProviderDeps,
  ) {
    this.transport = new VaultTransport(config, {
      ...(deps.caPem !== undefined ? { caPem: deps.caPem } : {}),
      ...(deps.proxyUrl !== undefined ? { proxyUrl: deps.proxyUrl } : {}),
      timeoutMs: deps.requestTimeoutMs ?? 30_000,
      maxSockets: Math.max(deps.listConcurrency ?? 16, deps.readConcurrency ?? 8),
      now: () => deps.clock.now(),
    });
    this.keeper = new TokenKeeper({
      clock: deps.clock,
      logger: deps.logger,
      warnBeforeMs: deps.warnBeforeMs ?? 5 * 60_000,
      renew: (signal) => this.renew(signal),
      ...(config.auth.method !== 'token' ? { relogin: (signal: AbortSignal) => this.loginWithCredentials(signal) } : {}),
      ...(deps.onTokenExpiring ? { onExpiring: deps.onTokenExpiring } : {}),
    });
  }

  /** Runs one node-vault call, authenticated, cancellable, with its errors mapped. */
  async call<T>(run: Run<T>, context: CallContext = {}): Promise<T> {
    if (this.closed || context.signal?.aborted) throw new KeyholeError('CANCELLED');
    const login = this.authenticate();
    await this.loggedIn(login, context);
    try {
      return await this.once(run, context);
    } catch (error) {
      if (!isKeyholeError(error)) throw error;
      const refused = error.code === 'UNAUTHENTICATED' || (error.code === 'FORBIDDEN' && (await this.tokenRefused(context.signal)));
      if (!refused) throw error;
      if (this.config.auth.method === 'token') {
        throw error.code === 'UNAUTHENTICATED'
          ? error
          : new KeyholeError('UNAUTHENTICATED', { ...(context.path !== undefined ? { path: context.path } : {}), detail: '403' });
      }
      // The login's token expired or was revoked: log in again once and repeat the call.
      if (this.login === login) this.login = undefined;
      await this.loggedIn(this.authenticate(), context);
      return this.once(run, context);
    }
  }

  /** lookup-self: who the token belongs to and when it expires. */
  async lookupSelf(signal?: AbortSignal): Promise<{ principal: string; expiresAt?: string }> {
    const body = await this.call((client, requestOptions) => client.tokenLookupSelf({ requestOptions }), signal ? { signal } : {});
    const data = parse(lookupSelfResponse, body).data;
    const name = data.display_name || 'token';
    return {
      principal: data.entity_id ? `${name} (entity ${data.entity_id})` : name,
      ...(data.expire_time ? { expiresAt: new Date(Date.parse(data.expire_time)).toISOString() } : {}),
    };
  }

  close(): void {
    this.closed = true;
    this.keeper.stop();
    this.transport.close();
  }

  private async loggedIn(login: Promise<void>, context: CallContext): Promise<void> {
    try {
      await untilAborted(login, context.signal);
    } catch (error) {
      throw withPath(error, context.path);
    }
  }

  private async once<T>(run: Run<T>, context: CallContext & { login?: boolean }): Promise<T> {
    const tap: CallTap = {};
    try {
      return await untilAborted(run(this.transport.client, this.transport.requestOptions(tap, context.signal)), context.signal);
    } catch (error) {
      throw (
        proxyFailureOf(error, context.path) ??
        mapVaultError(error, { ...context, ...(tap.retryAfterMs !== undefined ? { retryAfterMs: tap.retryAfterMs } : {}) })
      );
    }
  }

  /** lookup-self is allowed to every valid token by Vault's default policy: a 403 there means the token is refused. */
  private async tokenRefused(signal: AbortSignal | undefined): Promise<boolean> {
    try {
      await this.once((client, requestOptions) => client.tokenLookupSelf({ requestOptions }), signal ? { signal } : {});
      return false;
    } catch (error) {
      return isKeyholeError(error) && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED');
    }
  }

  private authenticate(): Promise<void> {
    this.login ??= this.logIn().catch((error: unknown) => {
      this.login = undefined;
      throw error;
    });
    return this.login;
  }

  private async logIn(): Promise<void> {
    if (this.config.auth.method !== 'token') {
      this.keeper.track(await this.loginWithCredentials());
      return;
    }
    const token = this.secrets.token;
    if (!token) throw new KeyholeError('UNAUTHENTICATED', { detail: 'NO_TOKEN' });
    this.transport.client.token = token;
    let body: unknown;
    try {
      body = await this.once((client, requestOptions) => client.tokenLookupSelf({ requestOptions }), {});
    } catch (error) {
      // Every valid token may look itself up, so any 403 here means the token is refused.
      if (isKeyholeError(error) && error.code === 'FORBIDDEN') throw new KeyholeError('UNAUTHENTICATED', { detail: '403' });
      throw error;
    }
    const data = parse(lookupSelfResponse, body).data;
    this.keeper.track({ expiresAtMs: data.expire_time ? Date.parse(data.expire_time) : undefined, renewable: data.renewable === true });
  }

  private async loginWithCredentials(signal?: AbortSignal): Promise<TokenLifetime> {
    const { auth } = this.config;
    const client = this.transport.client;
    // A stale token must not ride along on the login request.
    client.token = '';
    const mount = auth.method !== 'token' && auth.mountPath ? { mount_point: trimSlashes(auth.mountPath) } : {};
    const context = { login: true, ...(signal ? { signal } : {}) };
    let body: unknown;
    switch (auth.method) {
      case 'token':
        throw new KeyholeError('UNSUPPORTED');
      case 'approle': {
        const secretId = this.secrets.secretId;
        if (!secretId) throw new KeyholeError('UNAUTHENTICATED', { detail: 'NO_SECRET_ID' });
        body = await this.once(
          (c, requestOptions) => c.approleLogin({ role_id: auth.roleId, secret_id: secretId, ...mount, requestOptions }),
          context,
        );
        break;
      }
      case 'userpass':
      case 'ldap': {
        const password = this.secrets.password;
        if (!password) throw new KeyholeError('UNAUTHENTICATED', { detail: 'NO_PASSWORD' });
        // node-vault renders the username into the path through mustache, which HTML-escapes it.
        const username = encodeURIComponent(auth.username);
        const login = auth.method === 'userpass' ? client.userpassLogin : client.ldapLogin;
        body = await this.once((_c, requestOptions) => login({ username, password, ...mount, requestOptions }), context);
        break;
      }
    }
    const lease = parse(authResponse, body).auth;
    client.token = lease.client_token;
    return { expiresAtMs: lease.lease_duration > 0 ? this.deps.clock.now() + lease.lease_duration * 1000 : undefined, renewable: lease.renewable };
  }

  private async renew(signal: AbortSignal): Promise<TokenLifetime> {
    const body = await this.once((client, requestOptions) => client.tokenRenewSelf({ requestOptions }), { signal });
    const lease = parse(authResponse, body).auth;
    return { expiresAtMs: lease.lease_duration > 0 ? this.deps.clock.now() + lease.lease_duration * 1000 : undefined, renewable: lease.renewable };
  }
}
