import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOBS, delay, rollFault, type SandboxKnobs } from '../knobs';
import { RateLimiter } from '../rate-limit';
import type { SandboxServer, SandboxServerOptions } from '../server-handle';
import { handleAuthority } from './authority';
import { BodyTooLargeError, readBody, sendJson } from './http-util';
import { generateIdentity, isSandboxIdentity, type SandboxIdentity } from './identity';
import { KvError, kvErrors } from './kv-error';
import type { VaultSnapshot } from './model';
import { createSnapshotWriter, readJsonFile, writeAtomic } from './persistence';
import { vaultFromSeed } from './seed-load';
import { challengeHeader, checkBearer } from './vault-auth';
import { checkApiVersion, errorAnswer, handleVaultApi, type ApiAnswer } from './vault-api';
import { VaultStore } from './vault-store';
import { createVersionIdSource } from './version-ids';

export { AZURE_SEPARATOR, toAzureName } from './names';

export type AzureVaultName = 'staging' | 'production';

export interface AzureSandboxInfo {
  /** The production vault, for a one-line summary. */
  vaultUrl: string;
  /** One listener per vault: Key Vault identifies a vault by its origin, never by a path. */
  vaultUrls: Record<AzureVaultName, string>;
  /** The sandbox CA's PEM: trust it per client (pipeline option tlsOptions.ca). */
  caCertPath: string;
  tenantId: string;
  clientId: string;
  /** A sandbox-only credential, printed so a developer can connect. */
  clientSecret: string;
  /** For ClientSecretCredential's authorityHost (with instance discovery disabled). */
  authorityHost: string;
}

/** What the server saw of one vault request, for tests that check the challenge flow. */
export interface VaultRequestEvent {
  vault: AzureVaultName;
  method: string;
  path: string;
  bodyBytes: number;
  authorized: boolean;
  status: number;
}

/**
 * Three HTTPS listeners on 127.0.0.1: the authority, then the staging and production vaults.
 * With `port` set they take port, port + 1 and port + 2, so a restarted sandbox keeps its URLs.
 */
export interface AzureSandboxOptions extends SandboxServerOptions {
  /** How long a delete or a recovery takes to settle; 1 s by default. */
  settleMs?: number;
  tokenLifetimeSeconds?: number;
  /** Overrides the documented limit enforced with knobs.enforceRateLimits (benchmarks, tests). */
  vaultTransactionsPerSecond?: number;
  /** Called after a vault request was handled and before it is answered; the answer waits for it. */
  onRequest?: (event: VaultRequestEvent) => void | Promise<void>;
}

/**
 * Key Vault's documented service limit for secrets: 4,000 transactions per 10 seconds per
 * vault, all secret operations counted together.
 */
const VAULT_TRANSACTIONS_PER_SECOND = 400;
const MAX_BODY_BYTES = 1024 * 1024;
const STATE_FORMAT = 1;
const VAULTS: AzureVaultName[] = ['staging', 'production'];

interface PersistedState {
  format: number;
  vaults: Record<AzureVaultName, VaultSnapshot>;
}

function isPersistedState(value: unknown): value is PersistedState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PersistedState>;
  return v.format === STATE_FORMAT && VAULTS.every((name) => Array.isArray(v.vaults?.[name]?.secrets));
}

async function loadIdentity(dataDir: string | undefined): Promise<SandboxIdentity> {
  const path = dataDir === undefined ? undefined : join(dataDir, 'azure-identity.json');
  const stored = path === undefined ? undefined : readJsonFile(path);
  if (isSandboxIdentity(stored)) return stored;
  const identity = generateIdentity();
  if (path !== undefined) await writeAtomic(path, JSON.stringify(identity));
  return identity;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startAzureSandbox(options: AzureSandboxOptions): Promise<SandboxServer<AzureSandboxInfo>> {
  const knobs: SandboxKnobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const now = () => Date.now();
  const { dataDir } = options;
  const identity = await loadIdentity(dataDir);

  const tempDir = dataDir === undefined ? mkdtempSync(join(tmpdir(), 'keyhole-azure-')) : undefined;
  const caCertPath = join(dataDir ?? tempDir ?? tmpdir(), dataDir === undefined ? 'ca.pem' : 'azure-ca.pem');
  await writeAtomic(caCertPath, identity.tls.caCertPem);

  const statePath = dataDir === undefined ? undefined : join(dataDir, 'azure-state.json');
  const stored = statePath === undefined ? undefined : readJsonFile(statePath);
  const newVersionId = createVersionIdSource();
  const initial: Record<AzureVaultName, VaultSnapshot> = isPersistedState(stored)
    ? stored.vaults
    : {
        staging: vaultFromSeed(options.seed.staging, now(), newVersionId),
        production: vaultFromSeed(options.seed.production, now(), newVersionId),
      };

  const stores = {} as Record<AzureVaultName, VaultStore>;
  const produce = () =>
    JSON.stringify({ format: STATE_FORMAT, vaults: { staging: stores.staging.snapshot(), production: stores.production.snapshot() } });
  const writer = statePath === undefined ? undefined : createSnapshotWriter(statePath, produce);
  for (const name of VAULTS) {
    stores[name] = new VaultStore(initial[name], {
      now,
      settleMs: options.settleMs ?? 1000,
      newVersionId,
      onChange: () => writer?.schedule(),
    });
  }
  if (!isPersistedState(stored)) writer?.schedule();

  const limiter = new RateLimiter({ secrets: options.vaultTransactionsPerSecond ?? VAULT_TRANSACTIONS_PER_SECOND });
  const tls = { cert: identity.tls.serverCertPem, key: identity.tls.serverKeyPem };
  const base = options.port ?? 0;
  const origins = { authority: '', staging: '', production: '' };

  const authorityServer = createServer(tls, (req, res) => {
    void (async () => {
      await delay(knobs.latencyMs);
      const url = new URL(req.url ?? '/', origins.authority);
      const body = await readBody(req, MAX_BODY_BYTES).then(
        (buffer) => buffer.toString('utf8'),
        () => undefined,
      );
      if (body === undefined) {
        sendJson(res, 413, { error: 'invalid_request', error_description: 'The request body is too large.' });
        return;
      }
      const answer = handleAuthority(
        { identity, authorityHost: origins.authority, tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599, now },
        req.method ?? 'GET',
        url,
        body,
      );
      sendJson(res, answer.status, answer.body);
    })().catch(() => res.destroy());
  });

  const vaultHandler = (vault: AzureVaultName) => (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      await delay(knobs.latencyMs);
      const fault = rollFault(knobs);
      if (fault === 'drop') {
        req.socket.destroy();
        return;
      }
      const url = new URL(req.url ?? '/', origins[vault]);
      const headers: Record<string, string> = {
        'x-ms-request-id': randomUUID(),
        'x-ms-keyvault-region': 'sandbox',
        'x-ms-keyvault-service-version': '1.9.0.0',
      };
      let bodyBytes = 0;
      let authorized = false;
      const answer = await (async (): Promise<ApiAnswer> => {
        try {
          const body = await readBody(req, MAX_BODY_BYTES).catch((error: unknown) => {
            throw error instanceof BodyTooLargeError ? kvErrors.tooLarge() : error;
          });
          bodyBytes = body.length;
          const refused = checkBearer({ identity, authorityHost: origins.authority, now }, req.headers.authorization);
          if (refused) {
            headers['www-authenticate'] = challengeHeader({ identity, authorityHost: origins.authority });
            return errorAnswer(refused);
          }
          authorized = true;
          const limited = knobs.enforceRateLimits && !limiter.take(vault, 'secrets');
          if (fault === 'throttle' || limited) {
            const waitMs = limited ? limiter.retryAfterMs(vault, 'secrets') : 1000;
            headers['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
            return errorAnswer(kvErrors.throttled());
          }
          if (fault === 'error') return errorAnswer(kvErrors.internal());
          const badVersion = checkApiVersion(url);
          if (badVersion) return errorAnswer(badVersion);
          return handleVaultApi({ store: stores[vault], vaultUrl: origins[vault] }, req.method ?? 'GET', url, body);
        } catch (error) {
          return errorAnswer(error instanceof KvError ? error : kvErrors.internal());
        }
      })();
      await options.onRequest?.({ vault, method: req.method ?? 'GET', path: url.pathname, bodyBytes, authorized, status: answer.status });
      sendJson(res, answer.status, answer.body, headers);
    })().catch(() => res.destroy());
  };

  const vaultServers = { staging: createServer(tls, vaultHandler('staging')), production: createServer(tls, vaultHandler('production')) };
  const servers = [authorityServer, vaultServers.staging, vaultServers.production];
  try {
    origins.authority = `https://127.0.0.1:${await listen(authorityServer, base)}`;
    origins.staging = `https://127.0.0.1:${await listen(vaultServers.staging, base === 0 ? 0 : base + 1)}`;
    origins.production = `https://127.0.0.1:${await listen(vaultServers.production, base === 0 ? 0 : base + 2)}`;
  } catch (error) {
    await Promise.all(servers.map((s) => (s.listening ? closeServer(s) : Promise.resolve())));
    throw error;
  }

  return {
    info: {
      vaultUrl: origins.production,
      vaultUrls: { staging: origins.staging, production: origins.production },
      caCertPath,
      tenantId: identity.tenantId,
      clientId: identity.clientId,
      clientSecret: identity.clientSecret,
      authorityHost: origins.authority,
    },
    knobs,
    async close() {
      await Promise.all(servers.map(closeServer));
      await writer?.flush();
      if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
    },
  };
}
