import { createRandom, pick, token } from './random';
import type { Seed, SeedDrift, SeedSecret, SeedValue, SeedVersion } from './model';

export interface SeedOptions {
  /** Secrets per environment (before drift); "hundreds" by default, up to 100,000. */
  count?: number;
  seed?: number;
  /** The instant the data is generated relative to; fixed by tests for stable output. */
  now?: number;
  /** A value planted in one production and one staging secret, for leak tests. */
  canary?: string;
}

export const DEFAULT_SEED_COUNT = 300;
export const CANARY_SECRET_NAME = 'platform/canary/leak-check';

const TEAMS = ['payments', 'identity', 'search', 'platform', 'data', 'mobile', 'growth', 'billing'] as const;
const SERVICES = ['api', 'worker', 'gateway', 'scheduler', 'ledger', 'notifier', 'indexer', 'exporter', 'webhooks', 'auth'] as const;
const KINDS = ['postgres', 'redis', 'stripe', 'sendgrid', 'datadog', 'github-app', 'jwt-signing', 'oauth-client', 's3-access', 'kafka'] as const;
type Kind = (typeof KINDS)[number];
const DAY = 86_400_000;

function valueFor(kind: Kind, random: () => number, service: string): SeedValue {
  switch (kind) {
    case 'postgres':
      return {
        kind: 'fields',
        fields: { host: `${service}-db.internal`, port: '5432', username: `${service}_app`, password: token(random, 24) },
      };
    case 'redis':
      return { kind: 'fields', fields: { url: `rediss://${service}-cache.internal:6380`, password: token(random, 32) } };
    case 'oauth-client':
    case 'github-app':
      return { kind: 'fields', fields: { client_id: token(random, 12), client_secret: token(random, 40) } };
    case 's3-access':
      return { kind: 'fields', fields: { access_key_id: `AKIA${token(random, 16).toUpperCase()}`, secret_access_key: token(random, 40) } };
    default:
      return { kind: 'string', value: `${kind.slice(0, 3)}_${token(random, 32)}` };
  }
}

function mutate(value: SeedValue, random: () => number): SeedValue {
  if (value.kind === 'string') return { kind: 'string', value: `${value.value.slice(0, 4)}${token(random, 32)}` };
  const fields = { ...value.fields };
  const key = 'password' in fields ? 'password' : Object.keys(fields).at(-1);
  if (key !== undefined) fields[key] = token(random, 32);
  return { kind: 'fields', fields };
}

function buildSecret(index: number, random: () => number, now: number): SeedSecret {
  const team = TEAMS[index % TEAMS.length] ?? 'platform';
  const service = pick(random, SERVICES);
  const kind = pick(random, KINDS);
  const name = index < 200 ? `${team}/${service}/${kind}` : `${team}/${service}-${Math.floor(index / 80)}/${kind}-${index}`;
  const versionCount = 1 + Math.floor(random() * 6);
  const ageDays = 20 + Math.floor(random() * 700);
  const versions: SeedVersion[] = [];
  let value = valueFor(kind, random, service);
  for (let v = 0; v < versionCount; v += 1) {
    const at = now - (ageDays - (ageDays * v) / versionCount) * DAY;
    versions.push({ createdAt: new Date(at).toISOString(), value });
    value = mutate(value, random);
  }
  const secret: SeedSecret = {
    name,
    description: `${kind} credential for ${team}/${service}`,
    tags: { team, owner: `${team}-oncall@example.com`, service, kind },
    versions,
  };
  if (kind === 'jwt-signing' || kind === 'oauth-client') secret.expiresAt = new Date(now + (30 + Math.floor(random() * 300)) * DAY).toISOString();
  if (secret.versions[0]?.value.kind === 'fields') secret.contentType = 'application/json';
  return secret;
}

function dedupe(secrets: SeedSecret[]): SeedSecret[] {
  const seen = new Set<string>();
  return secrets.filter((secret) => (seen.has(secret.name) ? false : (seen.add(secret.name), true)));
}

function clone(secret: SeedSecret): SeedSecret {
  return structuredClone(secret);
}

/**
 * Generates staging and production with deliberate drift: secrets present on one side only,
 * changed current values, changed metadata, long-unrotated secrets and one soft-deleted secret.
 */
export function generateSeed(options: SeedOptions = {}): Seed {
  const count = options.count ?? DEFAULT_SEED_COUNT;
  const now = options.now ?? Date.now();
  const random = createRandom(options.seed ?? 1);
  const base = dedupe(Array.from({ length: count }, (_, i) => buildSecret(i, random, now)));
  const drift: SeedDrift = { onlyInStaging: [], onlyInProduction: [], valueChanged: [], metadataChanged: [], longUnrotated: [], softDeleted: [] };

  const production: SeedSecret[] = [];
  const staging: SeedSecret[] = [];
  base.forEach((secret, i) => {
    const prod = clone(secret);
    const stage = clone(secret);
    // Staging values differ from production's except where a team copied them (every 3rd).
    if (i % 3 !== 0) {
      const last = stage.versions.at(-1);
      if (last) last.value = mutate(last.value, random);
    }
    if (i % 23 === 5) {
      drift.onlyInStaging.push(secret.name);
      staging.push(stage);
      return;
    }
    if (i % 29 === 7) {
      drift.onlyInProduction.push(secret.name);
      production.push(prod);
      return;
    }
    if (i % 3 !== 0) drift.valueChanged.push(secret.name);
    if (i % 17 === 4) {
      stage.tags = { ...stage.tags, owner: 'unassigned@example.com' };
      drift.metadataChanged.push(secret.name);
    }
    production.push(prod);
    staging.push(stage);
  });

  // Long-unrotated: a production secret whose only version is over two years old.
  const stale = production.find((s) => s.versions.length === 1);
  if (stale) {
    const first = stale.versions[0];
    if (first) first.createdAt = new Date(now - 800 * DAY).toISOString();
    drift.longUnrotated.push(stale.name);
  }
  // A disabled production secret (meaningful on Azure) and a soft-deleted staging one.
  const disabled = production.at(-1);
  if (disabled) disabled.enabled = false;
  const deleted = staging.find((s) => !drift.onlyInStaging.includes(s.name) && s.versions.length > 1);
  if (deleted) {
    deleted.softDeleted = true;
    drift.softDeleted.push(deleted.name);
  }

  let canaryName: string | undefined;
  if (options.canary !== undefined) {
    canaryName = CANARY_SECRET_NAME;
    const canarySecret = (value: string): SeedSecret => ({
      name: CANARY_SECRET_NAME,
      description: 'planted by tests: its value must never leave main unrevealed',
      tags: { team: 'platform', owner: 'platform-oncall@example.com', kind: 'canary' },
      contentType: 'application/json',
      versions: [{ createdAt: new Date(now - 5 * DAY).toISOString(), value: { kind: 'fields', fields: { username: 'canary', password: value } } }],
    });
    production.push(canarySecret(options.canary));
    staging.push(canarySecret(options.canary));
  }

  return {
    generatedAt: new Date(now).toISOString(),
    staging: { name: 'staging', secrets: staging },
    production: { name: 'production', secrets: production },
    drift,
    ...(canaryName !== undefined ? { canaryName } : {}),
  };
}
