import type { SecretSummary } from '../../../../shared/domain';

export type SortKey = 'name' | 'updated' | 'versions' | 'expires';
export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortSpec = { key: 'name', direction: 'asc' };

export const SORT_LABELS: Record<SortKey, string> = {
  name: 'name',
  updated: 'last change',
  versions: 'version count',
  expires: 'expiry',
};

/** Newest change, most versions and soonest expiry are what an operator looks for first. */
export function defaultDirection(key: SortKey): SortDirection {
  return key === 'updated' || key === 'versions' ? 'desc' : 'asc';
}

/** Clicking the sorted column flips it; another column starts in its own default direction. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: defaultDirection(key) };
}

/**
 * Whether a row's value for the key is known. A names-only row (Vault LIST) knows none until its
 * metadata is filled in; a complete row without an expiry has none (which is a value: it sorts
 * after every date).
 */
export function isKnown(item: SecretSummary, key: SortKey): boolean {
  switch (key) {
    case 'name':
      return true;
    case 'updated':
      return item.updatedAt !== undefined;
    case 'versions':
      return item.versionCount !== undefined;
    case 'expires':
      return item.metadataComplete || item.expiresAt !== undefined;
  }
}

const time = (iso: string | undefined) => {
  const value = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(value) ? null : value;
};

/** A number to sort by, or null when unknown (or, for expiry, none): those go last either way. */
function numericKey(item: SecretSummary, key: Exclude<SortKey, 'name'>): number | null {
  switch (key) {
    case 'updated':
      return time(item.updatedAt);
    case 'versions':
      return item.versionCount ?? null;
    case 'expires':
      return time(item.expiresAt);
  }
}

function byName(a: SecretSummary, b: SecretSummary): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Rows with their keys computed once: NaN stands for unknown (or no expiry). */
interface Sorted {
  items: SecretSummary[];
  keys: Float64Array | null;
}

function keysOf(items: readonly SecretSummary[], key: SortKey): Float64Array | null {
  if (key === 'name') return null;
  const keys = new Float64Array(items.length);
  for (let i = 0; i < items.length; i += 1) keys[i] = numericKey(items[i] as SecretSummary, key) ?? Number.NaN;
  return keys;
}

/** Unknown last in both directions, then by name. */
function compareKeyed(sign: number, ka: number, kb: number, a: SecretSummary, b: SecretSummary): number {
  const unknownA = Number.isNaN(ka);
  const unknownB = Number.isNaN(kb);
  if (unknownA || unknownB) return unknownA === unknownB ? byName(a, b) : unknownA ? 1 : -1;
  return sign * (ka - kb) || byName(a, b);
}

function sortKeyed(items: readonly SecretSummary[], spec: SortSpec): Sorted {
  const sign = spec.direction === 'asc' ? 1 : -1;
  if (spec.key === 'name') return { items: [...items].sort((a, b) => sign * byName(a, b)), keys: null };
  const keys = keysOf(items, spec.key) as Float64Array;
  const order = Array.from({ length: items.length }, (_, i) => i);
  order.sort((i, j) => compareKeyed(sign, keys[i] as number, keys[j] as number, items[i] as SecretSummary, items[j] as SecretSummary));
  return { items: order.map((i) => items[i] as SecretSummary), keys: Float64Array.from(order, (i) => keys[i] as number) };
}

/**
 * Sorted copy. Names compare by code unit (stable across locales, like the providers' own
 * listings); other keys compare as numbers with unknown values last in both directions and
 * ties broken by name. Keys are computed once per row, not once per comparison.
 */
export function sortItems(items: readonly SecretSummary[], spec: SortSpec): SecretSummary[] {
  return sortKeyed(items, spec).items;
}

/** The same order as sortItems, one comparison at a time. */
export function comparator(spec: SortSpec): (a: SecretSummary, b: SecretSummary) => number {
  const sign = spec.direction === 'asc' ? 1 : -1;
  if (spec.key === 'name') return (a, b) => sign * byName(a, b);
  const key = spec.key;
  return (a, b) => compareKeyed(sign, numericKey(a, key) ?? Number.NaN, numericKey(b, key) ?? Number.NaN, a, b);
}

function mergeKeyed(a: Sorted, b: Sorted, spec: SortSpec): Sorted {
  const sign = spec.direction === 'asc' ? 1 : -1;
  const total = a.items.length + b.items.length;
  const items = new Array<SecretSummary>(total);
  const keys = a.keys && b.keys ? new Float64Array(total) : null;
  let i = 0;
  let j = 0;
  for (let k = 0; k < total; k += 1) {
    const left = a.items[i];
    const right = b.items[j];
    let takeLeft: boolean;
    if (left === undefined) takeLeft = false;
    else if (right === undefined) takeLeft = true;
    else if (a.keys && b.keys) takeLeft = compareKeyed(sign, a.keys[i] as number, b.keys[j] as number, left, right) <= 0;
    else takeLeft = sign * byName(left, right) <= 0;
    if (takeLeft) {
      items[k] = left as SecretSummary;
      if (keys && a.keys) keys[k] = a.keys[i] as number;
      i += 1;
    } else {
      items[k] = right as SecretSummary;
      if (keys && b.keys) keys[k] = b.keys[j] as number;
      j += 1;
    }
  }
  return { items, keys };
}

/**
 * A sorted view of an append-only list: pages that arrive are sorted on their own and merged in,
 * so a 100,000-row listing stays sorted as it streams without sorting everything per page.
 * A change of keys (metadata filled in) or of the list itself sorts afresh.
 */
export class SortedView {
  private source: readonly SecretSummary[] | null = null;
  private seen = 0;
  private keysRevision = -1;
  private sorted: Sorted = { items: [], keys: null };

  constructor(readonly spec: SortSpec) {}

  sync(items: readonly SecretSummary[], keysRevision: number): readonly SecretSummary[] {
    // Names never change, so filled-in metadata re-sorts only the other keys.
    const keysChanged = keysRevision !== this.keysRevision && this.spec.key !== 'name';
    if (items !== this.source || items.length < this.seen || keysChanged) {
      this.sorted = sortKeyed(items, this.spec);
    } else if (items.length > this.seen) {
      this.sorted = mergeKeyed(this.sorted, sortKeyed(items.slice(this.seen), this.spec), this.spec);
    }
    this.source = items;
    this.seen = items.length;
    this.keysRevision = keysRevision;
    return this.sorted.items;
  }
}
