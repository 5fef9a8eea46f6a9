import { randomBytes } from 'node:crypto';
import type { StoredSecret, StoredVersion } from './model';

export type SortBy = 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';

const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DAY_MS = 86_400_000;

/** AWS reports LastAccessedDate to the day. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function sortKey(secret: StoredSecret, sortBy: SortBy): number | string {
  switch (sortBy) {
    case 'name':
      return secret.name;
    case 'last-changed-date':
      return secret.lastChangedAt;
    case 'last-accessed-date':
      return secret.lastAccessedAt ?? 0;
    default:
      return secret.createdAt;
  }
}

export function compareKeys(a: [number | string, string], b: [number | string, string]): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * The secrets of one region of the sandbox's one account. Scheduled deletions take effect lazily,
 * on the next request after their date; sorted views for ListSecrets are cached and rebuilt only
 * when what they sort by changed.
 */
export class RegionStore {
  private readonly byName = new Map<string, StoredSecret>();
  private readonly scheduled = new Set<string>();
  private readonly generations: Record<SortBy, number> = { 'created-date': 0, name: 0, 'last-changed-date': 0, 'last-accessed-date': 0 };
  private readonly orderCache = new Map<SortBy, { generation: number; items: StoredSecret[] }>();

  constructor(
    readonly region: string,
    readonly account: string,
    secrets: Iterable<StoredSecret> = [],
  ) {
    for (const secret of secrets) this.add(secret);
  }

  get size(): number {
    return this.byName.size;
  }

  secrets(): IterableIterator<StoredSecret> {
    return this.byName.values();
  }

  newArn(name: string): string {
    let suffix = '';
    for (const b of randomBytes(6)) suffix += ARN_SUFFIX_ALPHABET[b % ARN_SUFFIX_ALPHABET.length];
    return `arn:aws:secretsmanager:${this.region}:${this.account}:secret:${name}-${suffix}`;
  }

  add(secret: StoredSecret): void {
    this.byName.set(secret.name, secret);
    if (secret.deletedAt !== undefined) this.scheduled.add(secret.name);
    this.bumpAll();
  }

  remove(secret: StoredSecret): void {
    this.byName.delete(secret.name);
    this.scheduled.delete(secret.name);
    this.bumpAll();
  }

  /** Finds a secret by name, full ARN or partial ARN (the ARN without its random suffix). */
  resolve(secretId: string, now: number): StoredSecret | undefined {
    this.purgeDue(now);
    if (!secretId.startsWith('arn:')) return this.byName.get(secretId);
    const prefix = `arn:aws:secretsmanager:${this.region}:${this.account}:secret:`;
    if (!secretId.startsWith(prefix)) return undefined;
    const rest = secretId.slice(prefix.length);
    const byFull = /-[A-Za-z0-9]{6}$/.test(rest) ? this.byName.get(rest.slice(0, -7)) : undefined;
    if (byFull?.arn === secretId) return byFull;
    return this.byName.get(rest);
  }

  has(name: string, now: number): StoredSecret | undefined {
    this.purgeDue(now);
    return this.byName.get(name);
  }

  purgeDue(now: number): void {
    for (const name of this.scheduled) {
      const secret = this.byName.get(name);
      if (secret?.deletionDate !== undefined && secret.deletionDate <= now) this.remove(secret);
    }
  }

  changed(secret: StoredSecret, now: number): void {
    secret.lastChangedAt = now;
    this.generations['last-changed-date'] += 1;
  }

  accessed(secret: StoredSecret, version: StoredVersion, now: number): void {
    const day = dayStart(now);
    if (version.lastAccessedAt === day && secret.lastAccessedAt === day) return;
    version.lastAccessedAt = day;
    secret.lastAccessedAt = day;
    this.generations['last-accessed-date'] += 1;
  }

  /** Grows with every change to this region's state (for the snapshot). */
  get revision(): number {
    return Object.values(this.generations).reduce((a, b) => a + b, 0);
  }

  scheduleDeletion(secret: StoredSecret, now: number, deletionDate: number): void {
    secret.deletedAt = now;
    secret.deletionDate = deletionDate;
    this.scheduled.add(secret.name);
    this.changed(secret, now);
  }

  restore(secret: StoredSecret, now: number): void {
    delete secret.deletedAt;
    delete secret.deletionDate;
    this.scheduled.delete(secret.name);
    this.changed(secret, now);
  }

  /** All secrets sorted ascending by (sort key, name). */
  ordered(sortBy: SortBy): StoredSecret[] {
    const generation = this.generations[sortBy];
    const cached = this.orderCache.get(sortBy);
    if (cached && cached.generation === generation) return cached.items;
    const items = [...this.byName.values()].sort((a, b) => compareKeys([sortKey(a, sortBy), a.name], [sortKey(b, sortBy), b.name]));
    this.orderCache.set(sortBy, { generation, items });
    return items;
  }

  private bumpAll(): void {
    for (const key of Object.keys(this.generations) as SortBy[]) this.generations[key] += 1;
  }
}
