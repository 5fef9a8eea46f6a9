import type { Seed, SeedSecret } from '../seed/model';
import type { KeyRecord, KvMount, VersionRecord } from './kv-store';
import { isoToRfc3339Nano } from './time';

/**
 * Loads the provider-neutral seed into a KV v2 mount: each environment under its prefix, a string
 * value as the single field "value" (KV values are always maps), tags as custom_metadata, and a
 * soft-deleted secret as its latest version deleted. Records are built on first use; values are
 * shared with the seed, never mutated in place (a destroy or a write replaces them).
 */
export const PREFIXES = { staging: 'staging/', production: 'production/' } as const;

function toRecord(secret: SeedSecret, deletedAt: string): KeyRecord {
  const versions = new Map<number, VersionRecord>();
  secret.versions.forEach((version, i) => {
    const data = version.value.kind === 'fields' ? version.value.fields : { value: version.value.value };
    versions.set(i + 1, { created: isoToRfc3339Nano(version.createdAt), deletion: '', destroyed: false, data });
  });
  const current = secret.versions.length;
  const latest = versions.get(current);
  if (secret.softDeleted && latest) latest.deletion = deletedAt;
  return {
    current,
    oldest: 0,
    created: versions.get(1)?.created ?? deletedAt,
    updated: latest?.created ?? deletedAt,
    maxVersions: 0,
    casRequired: false,
    deleteVersionAfterMs: 0,
    custom: Object.keys(secret.tags).length > 0 ? secret.tags : null,
    versions,
  };
}

/** `limit` keeps only the first secrets of each environment (a namespace with a little data). */
export function loadSeed(mount: KvMount, seed: Seed, limit = Number.POSITIVE_INFINITY): void {
  const deletedAt = isoToRfc3339Nano(seed.generatedAt);
  for (const environment of [seed.staging, seed.production]) {
    const prefix = PREFIXES[environment.name];
    environment.secrets.slice(0, limit).forEach((secret) => mount.insert(`${prefix}${secret.name}`, () => toRecord(secret, deletedAt)));
  }
}
