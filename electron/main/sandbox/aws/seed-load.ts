import { randomUUID } from 'node:crypto';
import { createRandom, token } from '../seed/random';
import type { Seed, SeedEnvironment, SeedSecret, SeedValue } from '../seed/model';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, type StoredSecret, type StoredVersion } from './model';
import type { RegionStore } from './region-store';

/**
 * Loads the provider-neutral seed into one region: environments become name prefixes, `fields`
 * values JSON object strings, the last version AWSCURRENT and the one before AWSPREVIOUS (older
 * ones deprecated). AWS-only features get a few examples of their own, identical in both
 * environments so they add no drift: rotation on two secrets, a binary secret, and in production
 * a rotation that stopped half-way, leaving AWSPENDING on a version newer than AWSCURRENT.
 */
export const ENV_PREFIXES = { staging: 'staging/', production: 'production/' } as const;
export const BINARY_SECRET_NAME = 'platform/tls/client-keystore';
const DAY_MS = 86_400_000;

function encode(value: SeedValue): string {
  return value.kind === 'fields' ? JSON.stringify(value.fields) : value.value;
}

function toStored(store: RegionStore, prefix: string, seed: SeedSecret): StoredSecret {
  const versions: StoredVersion[] = seed.versions.map((v, i, all) => ({
    id: randomUUID(),
    createdAt: Date.parse(v.createdAt),
    string: encode(v.value),
    stages: i === all.length - 1 ? [AWSCURRENT] : i === all.length - 2 ? [AWSPREVIOUS] : [],
  }));
  const name = `${prefix}${seed.name}`;
  const createdAt = versions[0]?.createdAt ?? 0;
  return {
    arn: store.newArn(name),
    name,
    description: seed.description,
    tags: Object.entries(seed.tags).map(([Key, Value]) => ({ Key, Value })),
    createdAt,
    lastChangedAt: versions.at(-1)?.createdAt ?? createdAt,
    versions,
  };
}

function keystoreBytes(): string {
  const random = createRandom(4242);
  const bytes = Buffer.alloc(1200);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(random() * 256);
  // A DER SEQUENCE header, as a PKCS#12 keystore starts; the rest is not valid UTF-8.
  bytes.set([0x30, 0x82, 0x04, 0xac, 0xff, 0xfe], 0);
  return bytes.toString('base64');
}

function binarySecret(store: RegionStore, prefix: string, now: number): StoredSecret {
  const name = `${prefix}${BINARY_SECRET_NAME}`;
  const createdAt = now - 90 * DAY_MS;
  return {
    arn: store.newArn(name),
    name,
    description: 'PKCS#12 client keystore for mutual TLS to partners',
    tags: [
      { Key: 'team', Value: 'platform' },
      { Key: 'owner', Value: 'platform-oncall@example.com' },
      { Key: 'kind', Value: 'keystore' },
    ],
    createdAt,
    lastChangedAt: createdAt,
    versions: [{ id: randomUUID(), createdAt, binary: keystoreBytes(), stages: [AWSCURRENT] }],
  };
}

function applyRotation(secret: StoredSecret, index: number, store: RegionStore): void {
  const last = secret.versions.find((v) => v.stages.includes(AWSCURRENT))?.createdAt ?? secret.createdAt;
  const lambdaArn = `arn:aws:lambda:${store.region}:${store.account}:function:keyhole-rotate-postgres`;
  secret.rotation =
    index === 0
      ? { enabled: true, lambdaArn, rules: { AutomaticallyAfterDays: 30 }, lastRotatedAt: last, nextRotationAt: last + 30 * DAY_MS }
      : {
          enabled: true,
          lambdaArn,
          rules: { ScheduleExpression: 'cron(0 4 ? * SUN *)', Duration: '3h' },
          lastRotatedAt: last,
          nextRotationAt: last + 7 * DAY_MS,
        };
}

/** The new password a rotation's createSecret step staged before its setSecret step failed. */
function leavePending(secret: StoredSecret): void {
  const current = secret.versions.find((v) => v.stages.includes(AWSCURRENT));
  if (current?.string === undefined) return;
  const fields = JSON.parse(current.string) as Record<string, string>;
  const key = 'password' in fields ? 'password' : Object.keys(fields).at(-1);
  if (key !== undefined) fields[key] = token(createRandom(99), 32);
  const createdAt = current.createdAt + 3_600_000;
  secret.versions.push({ id: randomUUID(), createdAt, string: JSON.stringify(fields), stages: [AWSPENDING] });
  secret.lastChangedAt = createdAt;
}

function loadEnvironment(env: SeedEnvironment, store: RegionStore, now: number, rotated: Set<string>, pendingName: string | undefined): void {
  const prefix = ENV_PREFIXES[env.name];
  let rotationIndex = 0;
  for (const seed of env.secrets) {
    const secret = toStored(store, prefix, seed);
    if (rotated.has(seed.name)) applyRotation(secret, rotationIndex++, store);
    if (env.name === 'production' && seed.name === pendingName) leavePending(secret);
    if (seed.softDeleted) {
      secret.deletedAt = now - 2 * DAY_MS;
      secret.deletionDate = secret.deletedAt + 30 * DAY_MS;
    }
    store.add(secret);
  }
  store.add(binarySecret(store, prefix, now));
}

export function loadSeed(seed: Seed, store: RegionStore, now: number): void {
  const inStaging = new Set(seed.staging.secrets.map((s) => s.name));
  const excluded = new Set([...seed.drift.softDeleted, seed.canaryName ?? '']);
  const shared = seed.production.secrets.filter((s) => inStaging.has(s.name) && !excluded.has(s.name));
  const rotated = new Set(
    shared
      .filter((s) => s.tags.kind === 'postgres')
      .slice(0, 2)
      .map((s) => s.name),
  );
  const pending = shared.find((s) => s.versions.length >= 2 && !rotated.has(s.name) && s.versions.at(-1)?.value.kind === 'fields');
  loadEnvironment(seed.staging, store, now, rotated, undefined);
  loadEnvironment(seed.production, store, now, rotated, pending?.name);
}
