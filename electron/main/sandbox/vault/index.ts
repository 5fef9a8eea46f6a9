import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_KNOBS } from '../knobs';
import type { SandboxServer, SandboxServerOptions } from '../server-handle';
import { AuthState, newCredentials, type Login, type TokenTtls } from './auth';
import { createVaultHandler } from './handler';
import { listenHttp1 } from './http1';
import { KvMount } from './kv-store';
import { loadSeed, PREFIXES } from './seed-load';
import { SnapshotWriter } from './snapshot-writer';
import { fromSnapshot, toSnapshot, type VaultState } from './state';

export const VAULT_SANDBOX_MOUNT = 'kv';
export const VAULT_SANDBOX_NAMESPACE = 'team-a';
const SNAPSHOT_FILE = 'vault.json';

export interface VaultSandboxInfo {
  url: string;
  token: string;
  mount: string;
  prefixes: { staging: string; production: string };
  userpass: Login;
  /** An LDAP user with write access (kv-writer). */
  ldap: Login;
  /** An LDAP user with read-only access (kv-reader). */
  ldapReader: Login;
  approle: { roleId: string; secretId: string };
  namespace: string;
}

export interface VaultSandboxExtras {
  /** TTL of tokens issued by logins (default 20 minutes); renew-self extends up to the max TTL. */
  tokenTtlSeconds?: number;
  /** Max TTL of login tokens (default 8 hours). */
  tokenMaxTtlSeconds?: number;
  /** A rate-limit quota in requests per second, enforced when knobs.enforceRateLimits is on. */
  rateLimitRps?: number;
  /** Serve HTTPS with this PEM key and certificate. */
  tls?: { key: string; cert: string };
  /** Secrets per environment copied into the namespace (default 10). */
  namespaceSeedCount?: number;
  /** The server's clock (tests move token expiry without waiting). */
  now?: () => number;
  /** The root token of a fresh state (default: random); a snapshot keeps its own. */
  rootToken?: string;
}

export type VaultSandboxOptions = SandboxServerOptions & { vault?: VaultSandboxExtras };

function freshState(options: VaultSandboxOptions, ttls: TokenTtls, now: () => number): VaultState {
  const root = new KvMount(now);
  loadSeed(root, options.seed);
  const team = new KvMount(now);
  loadSeed(team, options.seed, options.vault?.namespaceSeedCount ?? 10);
  return {
    auth: new AuthState(
      { ...newCredentials(), ...(options.vault?.rootToken !== undefined ? { rootToken: options.vault.rootToken } : {}) },
      ttls,
      now,
    ),
    namespaces: new Map([
      ['', new Map([[VAULT_SANDBOX_MOUNT, root]])],
      [VAULT_SANDBOX_NAMESPACE, new Map([[VAULT_SANDBOX_MOUNT, team]])],
    ]),
  };
}

async function readSnapshot(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A loopback Vault (KV v2 at `kv`, token/userpass/LDAP/AppRole auth, namespace `team-a`) that
 * node-vault and the Vault CLI talk to unchanged. With `dataDir`, state (data, tokens,
 * credentials) survives restarts in `vault.json`; otherwise the seed is loaded into memory.
 */
export async function startVaultSandbox(options: VaultSandboxOptions): Promise<SandboxServer<VaultSandboxInfo>> {
  const now = options.vault?.now ?? Date.now;
  const ttls: TokenTtls = { ttlSec: options.vault?.tokenTtlSeconds ?? 20 * 60, maxTtlSec: options.vault?.tokenMaxTtlSeconds ?? 8 * 3600 };
  const file = options.dataDir === undefined ? undefined : path.join(options.dataDir, SNAPSHOT_FILE);
  const stored = file === undefined ? undefined : await readSnapshot(file);
  const state = stored === undefined ? freshState(options, ttls, now) : fromSnapshot(stored, ttls, now);
  const writer = file === undefined ? undefined : new SnapshotWriter(file, () => toSnapshot(state));
  if (writer && stored === undefined) writer.schedule();

  const knobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const handler = createVaultHandler({
    state,
    knobs,
    now,
    onChange: () => writer?.schedule(),
    ...(options.vault?.rateLimitRps !== undefined ? { rateLimitRps: options.vault.rateLimitRps } : {}),
  });
  const server = await listenHttp1(handler, options.port ?? 0, options.vault?.tls ? { tls: options.vault.tls } : {});
  const { credentials } = state.auth;
  return {
    info: {
      url: `${options.vault?.tls ? 'https' : 'http'}://127.0.0.1:${server.port}`,
      token: credentials.rootToken,
      mount: VAULT_SANDBOX_MOUNT,
      prefixes: { ...PREFIXES },
      userpass: credentials.userpass,
      ldap: credentials.ldap,
      ldapReader: credentials.ldapReader,
      approle: credentials.approle,
      namespace: VAULT_SANDBOX_NAMESPACE,
    },
    knobs,
    close: async () => {
      await server.close();
      await writer?.flush();
    },
  };
}
