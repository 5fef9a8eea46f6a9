import { createHash } from 'node:crypto';
import { errors } from './errors';
import { matchesFilters } from './filters';
import type { Filter } from './input';
import type { StoredSecret } from './model';
import { compareKeys, sortKey, type RegionStore, type SortBy } from './region-store';

/**
 * Pages over a region's secrets. NextToken is opaque to clients and names the last secret
 * examined, so a page resumes correctly after concurrent changes. Like the real service, a page
 * may hold fewer than MaxResults entries (even none) while a NextToken says more may follow:
 * each call examines at most SCAN_BUDGET secrets.
 */
export const SCAN_BUDGET = 5000;

export interface PageQuery {
  sortBy: SortBy;
  order: 'asc' | 'desc';
  filters: Filter[];
  includePlannedDeletion: boolean;
  maxResults: number;
  nextToken?: string;
  /** Names the token to the operation, so one operation's token is refused by another. */
  scope: string;
}

interface TokenBody {
  v: 1;
  q: string;
  k: [number | string, string];
}

function queryHash(query: PageQuery): string {
  const basis = JSON.stringify([query.scope, query.sortBy, query.order, query.filters, query.includePlannedDeletion]);
  return createHash('sha256').update(basis).digest('base64url').slice(0, 16);
}

function decodeToken(token: string, hash: string): TokenBody {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
    if (body.v !== 1 || body.q !== hash || !Array.isArray(body.k) || body.k.length !== 2) throw new Error('bad token');
    return body;
  } catch {
    throw errors.invalidNextToken();
  }
}

/** First index whose key is greater than `key` in an ascending list. */
function upperBound(items: StoredSecret[], sortBy: SortBy, key: [number | string, string]): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid] as StoredSecret;
    if (compareKeys([sortKey(item, sortBy), item.name], key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function pageSecrets(store: RegionStore, query: PageQuery): { items: StoredSecret[]; nextToken?: string } {
  const hash = queryHash(query);
  const sorted = store.ordered(query.sortBy);
  const ascending = query.order === 'asc';
  let index: number;
  if (query.nextToken !== undefined) {
    const { k } = decodeToken(query.nextToken, hash);
    const above = upperBound(sorted, query.sortBy, k);
    // Descending resumes just below the last key: skip entries equal to it.
    index = ascending ? above : above - 1 - (above > 0 && compareKeys(keyOf(sorted[above - 1] as StoredSecret, query.sortBy), k) === 0 ? 1 : 0);
  } else {
    index = ascending ? 0 : sorted.length - 1;
  }
  const step = ascending ? 1 : -1;
  const items: StoredSecret[] = [];
  let examined = 0;
  let last: StoredSecret | undefined;
  for (; index >= 0 && index < sorted.length; index += step) {
    if (items.length >= query.maxResults || examined >= SCAN_BUDGET) break;
    const secret = sorted[index] as StoredSecret;
    examined += 1;
    last = secret;
    if (!query.includePlannedDeletion && secret.deletedAt !== undefined) continue;
    if (matchesFilters(secret, query.filters)) items.push(secret);
  }
  const more = index >= 0 && index < sorted.length;
  if (!more || last === undefined) return { items };
  const token: TokenBody = { v: 1, q: hash, k: keyOf(last, query.sortBy) };
  return { items, nextToken: Buffer.from(JSON.stringify(token)).toString('base64url') };
}

function keyOf(secret: StoredSecret, sortBy: SortBy): [number | string, string] {
  return [sortKey(secret, sortBy), secret.name];
}
