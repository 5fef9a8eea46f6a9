import type { SecretSummary } from '../../../../shared/domain';
import { compileWord, matchesWord, toCommonWord, type Query } from './query';

export interface SearchResult {
  /** Every row that matches. */
  total: number;
  /** The first `limit` matches, in index order. */
  hits: SecretSummary[];
}

/**
 * One environment's rows, precomputed for search: each name lowercased in the common form
 * ("/"-separated), and per tag key a column of lowercased values (sparse: a row without the key
 * has none). Rows are appended as pages arrive and a row's tags refreshed when its metadata is
 * filled in; a query is then one pass of `includes` over plain arrays (a few milliseconds per
 * 100,000 names).
 */
export class SearchIndex {
  private readonly items: SecretSummary[] = [];
  private readonly names: string[] = [];
  private readonly tagColumns = new Map<string, Array<string | undefined>>();
  /** Each row's lowercased keys, to clear them when its tags are refreshed. */
  private readonly rowKeys: Array<string[] | undefined> = [];
  private readonly rows = new Map<string, number>();

  constructor(readonly separator = '/') {}

  get size(): number {
    return this.items.length;
  }

  /** The lowercased common form of a native name. */
  common(name: string): string {
    const lower = name.toLowerCase();
    return this.separator === '/' ? lower : lower.split(this.separator.toLowerCase()).join('/');
  }

  add(items: readonly SecretSummary[]): void {
    for (const item of items) {
      const existing = this.rows.get(item.name);
      if (existing !== undefined) {
        this.items[existing] = item;
        this.setTags(existing, item.tags);
        continue;
      }
      const row = this.items.length;
      this.rows.set(item.name, row);
      this.items.push(item);
      this.names.push(this.common(item.name));
      this.setTags(row, item.tags);
    }
  }

  /** Re-reads a row's tags (after its metadata was filled in). */
  refresh(item: SecretSummary): void {
    const row = this.rows.get(item.name);
    if (row !== undefined) this.setTags(row, item.tags);
  }

  private setTags(row: number, tags: Record<string, string> | undefined): void {
    for (const key of this.rowKeys[row] ?? []) {
      const column = this.tagColumns.get(key);
      if (column) column[row] = undefined;
    }
    const keys: string[] = [];
    for (const [key, value] of Object.entries(tags ?? {})) {
      const lower = key.toLowerCase();
      let column = this.tagColumns.get(lower);
      if (!column) {
        column = [];
        this.tagColumns.set(lower, column);
      }
      column[row] = value.toLowerCase();
      keys.push(lower);
    }
    this.rowKeys[row] = keys.length > 0 ? keys : undefined;
  }

  search(query: Query, limit: number): SearchResult {
    const hits: SecretSummary[] = [];
    let total = 0;
    this.scan(query, (row) => {
      total += 1;
      if (hits.length < limit) hits.push(this.items[row] as SecretSummary);
    });
    return { total, hits };
  }

  /** Every matching row, for filtering a list. */
  matching(query: Query): Set<SecretSummary> {
    const set = new Set<SecretSummary>();
    this.scan(query, (row) => set.add(this.items[row] as SecretSummary));
    return set;
  }

  private scan(query: Query, onMatch: (row: number) => void): void {
    // The longest word first: it rules out the most rows with one `includes`.
    const words = query.words.map((word) => compileWord(toCommonWord(word, this.separator))).sort((a, b) => b.word.length - a.word.length);
    const tags = query.tags.map((term) => ({ column: this.tagColumns.get(term.key), value: term.value }));
    // A key no row has: nothing can match.
    if (tags.some((tag) => tag.column === undefined)) return;
    const simple = words.length === 1 && words[0]?.parts === null && tags.length === 0 ? words[0].word : undefined;
    const { names } = this;
    const count = names.length;
    if (simple !== undefined) {
      for (let row = 0; row < count; row += 1) if ((names[row] as string).includes(simple)) onMatch(row);
      return;
    }
    outer: for (let row = 0; row < count; row += 1) {
      const name = names[row] as string;
      for (const word of words) if (!matchesWord(name, word)) continue outer;
      for (const { column, value } of tags) {
        const found = column?.[row];
        if (found === undefined || !found.includes(value)) continue outer;
      }
      onMatch(row);
    }
  }
}
