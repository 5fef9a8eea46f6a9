import type { ReactNode } from 'react';
import { highlightRanges, toCommonWord, toNativeRanges } from './query';

/** The text with the given ranges in <mark>. */
export function Highlight({ text, ranges }: { text: string; ranges: ReadonlyArray<readonly [number, number]> }) {
  if (ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Ranges of a native name matched by the query's words (computed in the common form). */
export function nameRanges(name: string, words: readonly string[], separator: string): Array<[number, number]> {
  if (words.length === 0) return [];
  const common = separator === '/' ? name : name.split(separator).join('/');
  return toNativeRanges(
    common,
    highlightRanges(
      common,
      words.map((word) => toCommonWord(word, separator)),
    ),
    separator,
  );
}

/** Ranges shifted to a suffix of the name (a tree leaf shows its last segment). */
export function suffixRanges(ranges: ReadonlyArray<readonly [number, number]>, offset: number): Array<[number, number]> {
  return ranges.filter(([, end]) => end > offset).map(([start, end]) => [Math.max(0, start - offset), end - offset]);
}
