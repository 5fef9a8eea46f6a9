import { randomBytes, randomUUID } from 'node:crypto';
import { durationField, type Body } from './fields';
import { envelope, errorReply, type VaultReply } from './replies';
import { formatGoDuration, rfc3339Nano } from './time';

/**
 * Tokens and the auth methods the sandbox serves: the root token, userpass, a small built-in LDAP
 * directory and one AppRole. Login tokens carry a TTL and a max TTL; renew-self extends the TTL up
 * to the max; an expired token is gone (403 "invalid token", as Vault answers).
 */
export interface TokenRecord {
  id: string;
  accessor: string;
  policies: string[];
  displayName: string;
  entityId: string;
  meta: Record<string, string> | null;
  path: string;
  /** "" is the root namespace; a token works in its namespace and the ones below it. */
  namespace: string;
  issuedMs: number;
  creationTtlSec: number;
  /** null: never expires (the root token). */
  expireMs: number | null;
  maxExpireMs: number | null;
  renewable: boolean;
}

export interface Login {
  username: string;
  password: string;
}

export interface VaultCredentials {
  rootToken: string;
  userpass: Login;
  /** Writes (kv-writer). */
  ldap: Login;
  /** Reads only (kv-reader), so a 403 on a write can be seen. */
  ldapReader: Login;
  approle: { roleId: string; secretId: string };
}

export interface TokenTtls {
  ttlSec: number;
  maxTtlSec: number;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomText(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

export function newCredentials(): VaultCredentials {
  return {
    rootToken: `hvs.${randomText(24)}`,
    userpass: { username: 'operator', password: randomText(20) },
    ldap: { username: 'alice', password: randomText(20) },
    ldapReader: { username: 'bob', password: randomText(20) },
    approle: { roleId: randomUUID(), secretId: randomUUID() },
  };
}

const WRITER = ['default', 'kv-writer'];
const READER = ['default', 'kv-reader'];

export class AuthState {
  readonly tokens = new Map<string, TokenRecord>();
  /** Stable entity ids per (namespace, method, name), as Vault's identity store keeps them. */
  readonly entities = new Map<string, string>();

  constructor(
    readonly credentials: VaultCredentials,
    private readonly ttls: TokenTtls,
    private readonly now: () => number,
  ) {}

  /** The token as seen from `namespace`, or undefined when unknown, expired or out of scope. */
  resolve(id: string, namespace: string): TokenRecord | undefined {
    if (id === this.credentials.rootToken) return this.root();
    const record = this.tokens.get(id);
    if (!record) return undefined;
    if (record.expireMs !== null && record.expireMs <= this.now()) {
      this.tokens.delete(id);
      return undefined;
    }
    const inScope = record.namespace === '' || namespace === record.namespace || namespace.startsWith(`${record.namespace}/`);
    return inScope ? record : undefined;
  }

  private root(): TokenRecord {
    return {
      id: this.credentials.rootToken,
      accessor: 'root-accessor',
      policies: ['root'],
      displayName: 'root',
      entityId: '',
      meta: null,
      path: 'auth/token/root',
      namespace: '',
      issuedMs: 0,
      creationTtlSec: 0,
      expireMs: null,
      maxExpireMs: null,
      renewable: false,
    };
  }

  /** POST auth/{userpass,ldap}/login/{name} and auth/approle/login. */
  login(method: string, rest: string, body: Body, namespace: string, requestId: string): VaultReply {
    const password = typeof body.password === 'string' ? body.password : '';
    const { userpass, ldap, ldapReader, approle } = this.credentials;
    switch (method) {
      case 'userpass': {
        const username = rest.toLowerCase();
        if (password === '') return errorReply(400, ['missing password']);
        if (username !== userpass.username || password !== userpass.password) return errorReply(400, ['invalid username or password']);
        return this.issue(requestId, namespace, {
          policies: WRITER,
          displayName: `userpass-${username}`,
          meta: { username },
          path: `auth/userpass/login/${username}`,
          alias: `userpass/${username}`,
        });
      }
      case 'ldap': {
        if (password === '') return errorReply(400, ['password cannot be of zero length when passwordless binds are being denied']);
        const entry = [ldap, ldapReader].find((user) => user.username === rest && user.password === password);
        if (!entry) return errorReply(400, ['ldap operation failed: failed to bind as user']);
        return this.issue(requestId, namespace, {
          policies: entry === ldap ? WRITER : READER,
          displayName: `ldap-${rest}`,
          meta: { username: rest },
          path: `auth/ldap/login/${rest}`,
          alias: `ldap/${rest}`,
        });
      }
      case 'approle': {
        const roleId = typeof body.role_id === 'string' ? body.role_id : '';
        if (roleId === '') return errorReply(400, ['missing role_id']);
        if (roleId !== approle.roleId || body.secret_id !== approle.secretId) return errorReply(400, ['invalid role or secret ID']);
        return this.issue(requestId, namespace, {
          policies: WRITER,
          displayName: 'approle',
          meta: { role_name: 'keyhole' },
          path: 'auth/approle/login',
          alias: `approle/${roleId}`,
        });
      }
      default:
        return errorReply(404, [`no handler for route ${JSON.stringify(`auth/${method}/login`)}. route entry not found.`]);
    }
  }

  private issue(
    requestId: string,
    namespace: string,
    who: { policies: string[]; displayName: string; meta: Record<string, string>; path: string; alias: string },
  ): VaultReply {
    const now = this.now();
    const entityKey = `${namespace}|${who.alias}`;
    const entityId = this.entities.get(entityKey) ?? randomUUID();
    this.entities.set(entityKey, entityId);
    const record: TokenRecord = {
      id: `hvs.${randomText(24)}`,
      accessor: randomText(24),
      policies: who.policies,
      displayName: who.displayName,
      entityId,
      meta: who.meta,
      path: who.path,
      namespace,
      issuedMs: now,
      creationTtlSec: this.ttls.ttlSec,
      expireMs: now + this.ttls.ttlSec * 1000,
      maxExpireMs: now + this.ttls.maxTtlSec * 1000,
      renewable: true,
    };
    this.tokens.set(record.id, record);
    return { status: 200, body: envelope(requestId, { auth: this.authBlock(record, this.ttls.ttlSec), mountType: who.path.split('/')[1] ?? '' }) };
  }

  private authBlock(record: TokenRecord, leaseSec: number): Record<string, unknown> {
    return {
      client_token: record.id,
      accessor: record.accessor,
      policies: record.policies,
      token_policies: record.policies,
      metadata: record.meta,
      lease_duration: leaseSec,
      renewable: record.renewable,
      entity_id: record.entityId,
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    };
  }

  lookupSelf(record: TokenRecord, requestId: string): VaultReply {
    const now = this.now();
    const data: Record<string, unknown> = {
      accessor: record.accessor,
      creation_time: Math.floor(record.issuedMs / 1000),
      creation_ttl: record.creationTtlSec,
      display_name: record.displayName,
      entity_id: record.entityId,
      expire_time: record.expireMs === null ? null : rfc3339Nano(record.expireMs),
      explicit_max_ttl: 0,
      id: record.id,
      issue_time: rfc3339Nano(record.issuedMs),
      meta: record.meta,
      num_uses: 0,
      orphan: true,
      path: record.path,
      policies: record.policies,
      renewable: record.renewable,
      ttl: record.expireMs === null ? 0 : Math.max(0, Math.floor((record.expireMs - now) / 1000)),
      type: 'service',
    };
    if (record.namespace !== '') data.namespace_path = `${record.namespace}/`;
    return { status: 200, body: envelope(requestId, { data, mountType: 'token' }) };
  }

  /** POST auth/token/renew-self: a new TTL of `increment` (default: the creation TTL), capped at the max TTL. */
  renewSelf(record: TokenRecord, body: Body, requestId: string): VaultReply {
    if (!record.renewable || record.expireMs === null || record.maxExpireMs === null) return errorReply(400, ['lease is not renewable']);
    const now = this.now();
    const increment = durationField(body, 'increment');
    const askedSec = increment !== undefined && increment > 0 ? Math.floor(increment / 1000) : record.creationTtlSec;
    const remainingMaxSec = Math.max(0, Math.floor((record.maxExpireMs - now) / 1000));
    const ttlSec = Math.min(askedSec, remainingMaxSec);
    record.expireMs = now + ttlSec * 1000;
    const warnings =
      ttlSec < askedSec
        ? [
            `TTL of ${JSON.stringify(formatGoDuration(askedSec * 1000))} exceeded the effective max_ttl of ${JSON.stringify(formatGoDuration(ttlSec * 1000))}; TTL value is capped accordingly`,
          ]
        : null;
    return { status: 200, body: envelope(requestId, { auth: this.authBlock(record, ttlSec), warnings, mountType: 'token' }) };
  }

  revoke(record: TokenRecord): void {
    this.tokens.delete(record.id);
  }
}
