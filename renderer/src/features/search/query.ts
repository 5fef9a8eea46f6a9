/**
 * The search language, one line: words match names (case-insensitive substrings; a word with "/"
 * also matches path segments by their starts, in order, so `pay/stri` finds
 * `payments/api/stripe`), and `key:value` matches a tag or custom-metadata entry whose key is
 * `key` and whose value contains `value` (`team:` alone: has the key). Every term must match.
 */
export interface TagTerm {
  key: string;
  value: string;
}

export interface Query {
  /** Lowercased name words, in the common form ("/"-separated). */
  words: string[];
  tags: TagTerm[];
}

export const EMPTY_QUERY: Query = { words: [], tags: [] };

export function parseQuery(text: string): Query {
  const words: string[] = [];
  const tags: TagTerm[] = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    if (raw === '') continue;
    const colon = raw.indexOf(':');
    if (colon > 0 && !raw.slice(0, colon).includes('/')) tags.push({ key: raw.slice(0, colon), value: raw.slice(colon + 1) });
    else words.push(raw);
  }
  return { words, tags };
}

export function isEmptyQuery(query: Query): boolean {
  return query.words.length === 0 && query.tags.length === 0;
}

/** The word as an environment's common form: Azure's `a--b` typed by the operator is `a/b`. */
export function toCommonWord(word: string, separator: string): string {
  return separator === '/' ? word : word.split(separator).join('/');
}

/** Segment starts, in order, gaps allowed: the ranges matched, or null. */
function segmentRanges(name: string, parts: readonly string[]): Array<[number, number]> | null {
  if (!segmentsMatch(name, parts)) return null;
  const ranges: Array<[number, number]> = [];
  let from = 0;
  for (const part of parts) {
    if (part === '') continue;
    let at: number;
    if (from === 0 && name.startsWith(part)) at = 0;
    else {
      const found = name.indexOf(`/${part}`, from);
      if (found < 0) return null;
      at = found + 1;
    }
    ranges.push([at, at + part.length]);
    from = at + part.length;
  }
  return ranges;
}

/** The allocation-free form of segmentRanges, for scanning every row. */
function segmentsMatch(name: string, parts: readonly string[]): boolean {
  let from = 0;
  for (const part of parts) {
    if (part === '') continue;
    if (from === 0 && name.startsWith(part)) {
      from = part.length;
      continue;
    }
    const found = name.indexOf(`/${part}`, from);
    if (found < 0) return false;
    from = found + 1 + part.length;
  }
  return true;
}

/** A word prepared for scanning many rows. */
export interface CompiledWord {
  word: string;
  /** Its "/"-separated parts when it has any, for the segment match. */
  parts: string[] | null;
  /** The longest part: a name without it cannot match by segments (one cheap test first). */
  longest: string;
}

export function compileWord(word: string): CompiledWord {
  const parts = word.includes('/') ? word.split('/') : null;
  const longest = (parts ?? [word]).reduce((a, b) => (b.length > a.length ? b : a), '');
  return { word, parts, longest };
}

/** Does a lowercased common-form name match one word? */
export function matchesWord(name: string, word: CompiledWord | string): boolean {
  const compiled = typeof word === 'string' ? compileWord(word) : word;
  if (name.includes(compiled.word)) return true;
  return compiled.parts !== null && name.includes(compiled.longest) && segmentsMatch(name, compiled.parts);
}

/** Ranges of a common-form name to highlight for the query's words, merged and ordered. */
export function highlightRanges(name: string, words: readonly string[]): Array<[number, number]> {
  const lower = name.toLowerCase();
  const ranges: Array<[number, number]> = [];
  for (const word of words) {
    let from = 0;
    let found = false;
    for (let at = lower.indexOf(word, from); at >= 0 && word !== ''; at = lower.indexOf(word, from)) {
      ranges.push([at, at + word.length]);
      from = at + word.length;
      found = true;
    }
    if (!found && word.includes('/')) ranges.push(...(segmentRanges(lower, word.split('/')) ?? []));
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * Maps ranges over a common-form name back to the native name, whose separator may be longer
 * (Azure's `--` for `/`).
 */
export function toNativeRanges(common: string, ranges: ReadonlyArray<[number, number]>, separator: string): Array<[number, number]> {
  if (separator === '/') return ranges.map(([start, end]) => [start, end]);
  const extra = separator.length - 1;
  const slashesBefore = new Int32Array(common.length + 1);
  for (let i = 0; i < common.length; i += 1) slashesBefore[i + 1] = (slashesBefore[i] ?? 0) + (common[i] === '/' ? 1 : 0);
  const map = (at: number) => at + (slashesBefore[at] ?? 0) * extra;
  return ranges.map(([start, end]) => [map(start), map(end)]);
}
