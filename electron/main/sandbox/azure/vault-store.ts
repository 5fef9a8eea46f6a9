import { kvErrors } from './kv-error';
import { RECOVERABLE_DAYS, type SecretState, type StoredSecret, type StoredVersion, type VaultSnapshot } from './model';

export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Key Vault's documented limits: 25k bytes per value, 15 tags per secret. */
export const MAX_VALUE_BYTES = 25 * 1024;
export const MAX_TAGS = 15;
const DAY_S = 86_400;

export interface AttributePatch {
  enabled?: boolean;
  /** null clears the attribute. */
  nbf?: number | null;
  exp?: number | null;
}

export interface SetParams {
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  attributes?: AttributePatch;
}

export interface UpdateParams {
  contentType?: string;
  tags?: Record<string, string>;
  attributes?: AttributePatch;
}

export interface Found {
  secret: StoredSecret;
  version: StoredVersion;
}

export interface Slice<T> {
  items: T[];
  /** The marker to continue after, when more may follow. */
  next?: string;
}

export interface VaultStoreOptions {
  now: () => number;
  /** How long deletion and recovery take to settle (the real service is asynchronous). */
  settleMs: number;
  newVersionId: () => string;
  onChange: () => void;
}

/**
 * One vault's secrets with the service's rules: versions, case-insensitive names, soft delete
 * with its asynchronous windows, recover and purge. Throws KvError for the documented failures.
 */
export class VaultStore {
  private readonly secrets = new Map<string, StoredSecret>();
  private sortedKeys: string[] | null = null;

  constructor(
    snapshot: VaultSnapshot,
    private readonly options: VaultStoreOptions,
  ) {
    for (const secret of snapshot.secrets) this.secrets.set(secret.name.toLowerCase(), secret);
  }

  snapshot(): VaultSnapshot {
    return { secrets: [...this.secrets.values()] };
  }

  get(name: string, versionId?: string): Found {
    const secret = this.active(name);
    const version = versionId ? secret.versions.find((v) => v.id === versionId.toLowerCase()) : secret.versions.at(-1);
    if (!version) throw kvErrors.secretNotFound(versionId ? `${name}/${versionId}` : name);
    if (!version.enabled) throw kvErrors.disabled();
    return { secret, version };
  }

  set(name: string, params: SetParams): Found {
    checkName(name);
    checkTags(params.tags);
    if (Buffer.byteLength(params.value, 'utf8') > MAX_VALUE_BYTES) {
      throw kvErrors.badParameter(`The secret value exceeds the maximum allowed size of ${MAX_VALUE_BYTES} bytes.`);
    }
    const key = name.toLowerCase();
    const existing = this.lookup(key);
    if (existing) {
      const state = this.stateOf(existing);
      if (state === 'deleting') throw kvErrors.beingDeleted(existing.name);
      if (state === 'deleted') throw kvErrors.deletedButRecoverable(existing.name);
      if (state === 'recovering') throw kvErrors.beingRecovered(existing.name);
    }
    const now = this.seconds();
    const version: StoredVersion = {
      id: this.options.newVersionId(),
      value: params.value,
      enabled: params.attributes?.enabled ?? true,
      created: now,
      updated: now,
      ...(params.contentType !== undefined ? { contentType: params.contentType } : {}),
      ...(params.tags !== undefined ? { tags: { ...params.tags } } : {}),
      ...(typeof params.attributes?.nbf === 'number' ? { nbf: params.attributes.nbf } : {}),
      ...(typeof params.attributes?.exp === 'number' ? { exp: params.attributes.exp } : {}),
    };
    const secret = existing ?? { name, versions: [] };
    secret.versions.push(version);
    if (!existing) this.insert(key, secret);
    this.options.onChange();
    return { secret, version };
  }

  /** PATCH: attributes, contentType and tags of one version; allowed on a disabled version. */
  update(name: string, versionId: string | undefined, params: UpdateParams): Found {
    checkTags(params.tags);
    const secret = this.active(name);
    const version = versionId ? secret.versions.find((v) => v.id === versionId.toLowerCase()) : secret.versions.at(-1);
    if (!version) throw kvErrors.secretNotFound(versionId ? `${name}/${versionId}` : name);
    const attributes = params.attributes ?? {};
    if (attributes.enabled !== undefined) version.enabled = attributes.enabled;
    for (const key of ['nbf', 'exp'] as const) {
      const value = attributes[key];
      if (value === null) delete version[key];
      else if (value !== undefined) version[key] = value;
    }
    if (params.contentType !== undefined) version.contentType = params.contentType;
    if (params.tags !== undefined) version.tags = { ...params.tags };
    version.updated = this.seconds();
    this.options.onChange();
    return { secret, version };
  }

  /** Starts the (asynchronous) soft delete and answers with the latest version. */
  delete(name: string): Found {
    const secret = this.lookup(name.toLowerCase());
    if (!secret) throw kvErrors.secretNotFound(name);
    const state = this.stateOf(secret);
    if (state === 'deleting') throw kvErrors.beingDeleted(secret.name);
    if (state === 'recovering') throw kvErrors.beingRecovered(secret.name);
    if (state === 'deleted') throw kvErrors.secretNotFound(name);
    const now = this.seconds();
    secret.deletion = { deletedDate: now, scheduledPurgeDate: now + RECOVERABLE_DAYS * DAY_S, settlesAt: this.options.now() + this.options.settleMs };
    this.options.onChange();
    return { secret, version: latest(secret) };
  }

  getDeleted(name: string): Found {
    const secret = this.lookup(name.toLowerCase());
    if (!secret || this.stateOf(secret) !== 'deleted') throw kvErrors.deletedNotFound();
    return { secret, version: latest(secret) };
  }

  /** Starts the (asynchronous) recovery and answers with the latest version. */
  recover(name: string): Found {
    const found = this.getDeleted(name);
    delete found.secret.deletion;
    found.secret.recoveringUntil = this.options.now() + this.options.settleMs;
    this.options.onChange();
    return found;
  }

  purge(name: string): void {
    const key = name.toLowerCase();
    const secret = this.lookup(key);
    if (secret && this.stateOf(secret) === 'deleting') throw kvErrors.beingDeleted(secret.name);
    if (!secret || this.stateOf(secret) !== 'deleted') throw kvErrors.deletedNotFound();
    this.remove(key);
    this.options.onChange();
  }

  listActive(after: string | undefined, max: number): Slice<StoredSecret> {
    return this.slice(after, max, 'active');
  }

  listDeleted(after: string | undefined, max: number): Slice<StoredSecret> {
    return this.slice(after, max, 'deleted');
  }

  /** Versions in the order the service keeps them (by version id), paged after a marker. */
  versions(name: string, after: string | undefined, max: number): Slice<StoredVersion> & { secret: StoredSecret } {
    const secret = this.active(name);
    const sorted = [...secret.versions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const start = after === undefined ? 0 : sorted.findIndex((v) => v.id > after);
    const items = start < 0 ? [] : sorted.slice(start, start + max);
    const last = items.at(-1);
    const more = start >= 0 && start + max < sorted.length;
    return more && last ? { secret, items, next: last.id } : { secret, items };
  }

  private slice(after: string | undefined, max: number, wanted: SecretState): Slice<StoredSecret> {
    const keys = this.keys();
    let index = after === undefined ? 0 : upperBound(keys, after);
    const items: StoredSecret[] = [];
    while (index < keys.length && items.length < max) {
      const key = keys[index];
      index += 1;
      const secret = key === undefined ? undefined : this.lookup(key);
      if (secret && this.stateOf(secret) === wanted) items.push(secret);
    }
    // Like the service, a full page carries a next marker even when nothing follows it.
    const last = items.at(-1);
    return items.length === max && index < keys.length && last ? { items, next: last.name.toLowerCase() } : { items };
  }

  private active(name: string): StoredSecret {
    const secret = this.lookup(name.toLowerCase());
    if (!secret || this.stateOf(secret) !== 'active') throw kvErrors.secretNotFound(name);
    return secret;
  }

  /** Finds a secret, purging it first when its scheduled purge date has passed. */
  private lookup(key: string): StoredSecret | undefined {
    const secret = this.secrets.get(key);
    if (secret?.deletion && secret.deletion.scheduledPurgeDate <= this.seconds()) {
      this.remove(key);
      this.options.onChange();
      return undefined;
    }
    return secret;
  }

  private stateOf(secret: StoredSecret): SecretState {
    const now = this.options.now();
    if (secret.deletion) return secret.deletion.settlesAt > now ? 'deleting' : 'deleted';
    if (secret.recoveringUntil !== undefined) {
      if (secret.recoveringUntil > now) return 'recovering';
      delete secret.recoveringUntil;
    }
    return 'active';
  }

  private keys(): string[] {
    this.sortedKeys ??= [...this.secrets.keys()].sort();
    return this.sortedKeys;
  }

  private insert(key: string, secret: StoredSecret): void {
    this.secrets.set(key, secret);
    this.sortedKeys = null;
  }

  private remove(key: string): void {
    this.secrets.delete(key);
    this.sortedKeys = null;
  }

  private seconds(): number {
    return Math.floor(this.options.now() / 1000);
  }
}

function latest(secret: StoredSecret): StoredVersion {
  const version = secret.versions.at(-1);
  if (!version) throw kvErrors.secretNotFound(secret.name);
  return version;
}

function checkName(name: string): void {
  if (!SECRET_NAME.test(name)) throw kvErrors.invalidName(name);
}

function checkTags(tags: Record<string, string> | undefined): void {
  if (tags === undefined) return;
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw kvErrors.badParameter(`The number of tags exceeds the maximum of ${MAX_TAGS}.`);
  for (const [key, value] of entries) {
    if (key.length > 512 || typeof value !== 'string' || value.length > 256) {
      throw kvErrors.badParameter('Tag names are limited to 512 characters and tag values to 256 characters.');
    }
  }
}

/** First index whose key is greater than `marker` in a sorted array. */
function upperBound(keys: string[], marker: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const key = keys[mid];
    if (key !== undefined && key <= marker) low = mid + 1;
    else high = mid;
  }
  return low;
}
