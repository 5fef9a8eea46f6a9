import { FolderIndex } from './folder-index';
import { multiError, VaultHttpError } from './replies';
import { formatGoDuration, nowRfc3339 } from './time';

/**
 * One KV version 2 mount, following hashicorp/vault-plugin-secrets-kv (path_data.go,
 * path_metadata.go, path_delete.go, types.go): versions, check-and-set, soft delete, destroy,
 * max_versions trimmed on the next write only, delete_version_after, custom_metadata limits.
 */
export interface VersionRecord {
  created: string;
  /** "" while live; a time in the future is a scheduled deletion (delete_version_after). */
  deletion: string;
  destroyed: boolean;
  data: Record<string, unknown> | null;
}

export interface KeyRecord {
  current: number;
  /** 0 until the first trim, as Vault reports it. */
  oldest: number;
  created: string;
  updated: string;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfterMs: number;
  custom: Record<string, string> | null;
  versions: Map<number, VersionRecord>;
}

export interface MountConfig {
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfterMs: number;
}

export interface MetadataInput {
  maxVersions?: number;
  casRequired?: boolean;
  deleteVersionAfterMs?: number;
  /** Full replacement for a POST; for a PATCH, null values remove keys. */
  custom?: Record<string, string | null>;
}

const DEFAULT_MAX_VERSIONS = 10;
const MAX_CUSTOM_KEYS = 64;
const MAX_CUSTOM_KEY_BYTES = 128;
const MAX_CUSTOM_VALUE_BYTES = 512;
const CUSTOM_PREFIX = 'custom_metadata validation failed';

export const CAS_MISMATCH = 'check-and-set parameter did not match the current version';
export const CAS_REQUIRED = 'check-and-set parameter required for this call';

export function isDeleted(version: VersionRecord, nowMs: number): boolean {
  return version.deletion !== '' && Date.parse(version.deletion) <= nowMs;
}

/** Go's %q for the strings Vault quotes in messages (JSON string escaping is close enough). */
const quote = (text: string) => JSON.stringify(text);

export function validateCustomMetadata(custom: Record<string, string | null>): string | undefined {
  const entries = Object.entries(custom);
  if (entries.length > MAX_CUSTOM_KEYS) {
    return multiError([`${CUSTOM_PREFIX}: payload must contain at most ${MAX_CUSTOM_KEYS} keys, provided ${entries.length}`]);
  }
  const problems: string[] = [];
  for (const [key, value] of entries) {
    const keyBytes = Buffer.byteLength(key);
    if (keyBytes === 0 || keyBytes > MAX_CUSTOM_KEY_BYTES) {
      problems.push(`${CUSTOM_PREFIX}: length of key ${quote(key)} is ${keyBytes} but must be 0 < len(key) <= ${MAX_CUSTOM_KEY_BYTES}`);
    }
    const valueBytes = value === null ? 0 : Buffer.byteLength(value);
    if (valueBytes > MAX_CUSTOM_VALUE_BYTES) {
      problems.push(`${CUSTOM_PREFIX}: length of value for key ${quote(key)} is ${valueBytes} but must be <= ${MAX_CUSTOM_VALUE_BYTES}`);
    }
  }
  return problems.length > 0 ? multiError(problems) : undefined;
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Builds a key's record on first use, so loading a large seed allocates almost nothing per key. */
export type LazyRecord = () => KeyRecord;

export class KvMount {
  private readonly keys = new Map<string, KeyRecord | LazyRecord>();
  readonly index = new FolderIndex();
  config: MountConfig = { maxVersions: 0, casRequired: false, deleteVersionAfterMs: 0 };

  constructor(private readonly now: () => number) {}

  /** Adds a key as loaded from the seed or a snapshot (no rules applied). */
  insert(path: string, record: KeyRecord | LazyRecord): void {
    if (!this.keys.has(path)) this.index.add(path);
    this.keys.set(path, record);
  }

  get(path: string): KeyRecord | undefined {
    const entry = this.keys.get(path);
    if (typeof entry !== 'function') return entry;
    const record = entry();
    this.keys.set(path, record);
    return record;
  }

  /** Every key with its record; lazy records are built for the caller but not kept. */
  *records(): Generator<[string, KeyRecord]> {
    for (const [path, entry] of this.keys) yield [path, typeof entry === 'function' ? entry() : entry];
  }

  versionMetadata(record: KeyRecord, version: number, entry: VersionRecord): Record<string, unknown> {
    return { created_time: entry.created, custom_metadata: record.custom, deletion_time: entry.deletion, destroyed: entry.destroyed, version };
  }

  metadataJson(record: KeyRecord): Record<string, unknown> {
    const versions: Record<string, unknown> = {};
    for (const [number, entry] of record.versions) {
      versions[String(number)] = { created_time: entry.created, deletion_time: entry.deletion, destroyed: entry.destroyed };
    }
    return {
      cas_required: record.casRequired,
      created_time: record.created,
      current_version: record.current,
      custom_metadata: record.custom,
      delete_version_after: formatGoDuration(record.deleteVersionAfterMs),
      max_versions: record.maxVersions,
      oldest_version: record.oldest,
      updated_time: record.updated,
      versions,
    };
  }

  /** Writes a new version: the data write and the data patch both end here. */
  write(path: string, data: Record<string, unknown>, cas: number | undefined): { record: KeyRecord; version: number } {
    const existing = this.get(path);
    const record = existing ?? this.emptyRecord();
    this.checkCas(record, cas);
    const nowMs = this.now();
    const created = nowRfc3339(nowMs);
    const dva = this.effectiveDeleteVersionAfter(record);
    record.current += 1;
    record.versions.set(record.current, { created, deletion: dva > 0 ? nowRfc3339(nowMs + dva) : '', destroyed: false, data });
    record.updated = created;
    if (existing === undefined) record.created = created;
    this.trim(record);
    this.insert(path, record);
    return { record, version: record.current };
  }

  checkCas(record: KeyRecord, cas: number | undefined): void {
    if (cas === undefined) {
      if (this.config.casRequired || record.casRequired) throw new VaultHttpError(400, [CAS_REQUIRED]);
      return;
    }
    if (cas !== record.current) throw new VaultHttpError(400, [CAS_MISMATCH]);
  }

  /** types.go AddVersion: the key's max_versions wins, then the mount's, then 10. */
  private trim(record: KeyRecord): void {
    const max = record.maxVersions > 0 ? record.maxVersions : this.config.maxVersions > 0 ? this.config.maxVersions : DEFAULT_MAX_VERSIONS;
    if (record.current - record.oldest < max) return;
    const toDelete = record.current - max;
    for (let v = record.oldest; v <= toDelete; v += 1) record.versions.delete(v);
    record.oldest = toDelete + 1;
  }

  /** The key's delete_version_after unless it is unset or longer than the mount's. */
  private effectiveDeleteVersionAfter(record: KeyRecord): number {
    const key = record.deleteVersionAfterMs;
    const mount = this.config.deleteVersionAfterMs;
    if (key > 0 && (mount <= 0 || key < mount)) return key;
    return Math.max(0, mount);
  }

  private emptyRecord(): KeyRecord {
    const created = nowRfc3339(this.now());
    return {
      current: 0,
      oldest: 0,
      created,
      updated: created,
      maxVersions: 0,
      casRequired: false,
      deleteVersionAfterMs: 0,
      custom: null,
      versions: new Map(),
    };
  }

  /** DELETE data: soft-deletes the latest version unless it is already deleted or destroyed. */
  deleteLatest(path: string): void {
    const record = this.get(path);
    const latest = record?.versions.get(record.current);
    if (!latest || latest.destroyed || isDeleted(latest, this.now())) return;
    latest.deletion = nowRfc3339(this.now());
  }

  deleteVersions(path: string, versions: number[]): void {
    const record = this.get(path);
    for (const number of versions) {
      const entry = record?.versions.get(number);
      if (!entry || entry.destroyed || isDeleted(entry, this.now())) continue;
      entry.deletion = nowRfc3339(this.now());
    }
  }

  undeleteVersions(path: string, versions: number[]): void {
    const record = this.get(path);
    for (const number of versions) {
      const entry = record?.versions.get(number);
      if (!entry || entry.destroyed) continue;
      entry.deletion = '';
    }
  }

  destroyVersions(path: string, versions: number[]): void {
    const record = this.get(path);
    for (const number of versions) {
      const entry = record?.versions.get(number);
      if (!entry) continue;
      entry.destroyed = true;
      entry.data = null;
    }
  }

  /** POST metadata: creates the key's metadata when absent; absent fields keep their values. */
  writeMetadata(path: string, input: MetadataInput): void {
    if (input.custom !== undefined) {
      const problem = validateCustomMetadata(input.custom);
      if (problem !== undefined) throw new VaultHttpError(400, [problem]);
    }
    const record = this.get(path) ?? this.emptyRecord();
    this.applyMetadata(record, input, false);
    this.insert(path, record);
  }

  /** PATCH metadata: a merge patch of an existing key's metadata. */
  patchMetadata(path: string, input: MetadataInput): void {
    const record = this.get(path);
    if (!record) throw new VaultHttpError(404);
    if (input.custom !== undefined) {
      const merged = mergePatch(record.custom ?? {}, input.custom) as Record<string, string>;
      const problem = validateCustomMetadata(merged);
      if (problem !== undefined) throw new VaultHttpError(400, [problem]);
      input = { ...input, custom: merged };
    }
    this.applyMetadata(record, input, true);
  }

  private applyMetadata(record: KeyRecord, input: MetadataInput, patch: boolean): void {
    if (input.maxVersions !== undefined) record.maxVersions = input.maxVersions;
    if (input.casRequired !== undefined) record.casRequired = input.casRequired;
    if (input.deleteVersionAfterMs !== undefined) record.deleteVersionAfterMs = input.deleteVersionAfterMs;
    if (input.custom !== undefined) {
      const custom = Object.fromEntries(Object.entries(input.custom).filter((e): e is [string, string] => e[1] !== null));
      record.custom = patch || Object.keys(custom).length > 0 ? custom : null;
    }
    record.updated = nowRfc3339(this.now());
  }

  deleteMetadata(path: string): void {
    if (this.keys.delete(path)) this.index.remove(path);
  }
}
