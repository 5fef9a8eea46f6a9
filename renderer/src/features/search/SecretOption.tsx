import type { SecretSummary } from '../../../../shared/domain';
import { Highlight, nameRanges } from './Highlight';
import type { Query } from './query';

/** The tags a query's key:value terms matched, with the matched part of the value marked. */
function MatchedTags({ item, query }: { item: SecretSummary; query: Query }) {
  if (query.tags.length === 0) return null;
  const tags = item.tags ?? {};
  const lower = Object.fromEntries(Object.entries(tags).map(([key, value]) => [key.toLowerCase(), { key, value }]));
  return (
    <span className="search-tags">
      {query.tags.map((term) => {
        const tag = lower[term.key];
        if (!tag) return null;
        const at = term.value === '' ? -1 : tag.value.toLowerCase().indexOf(term.value);
        return (
          <span key={term.key} className="tag">
            {tag.key}=<Highlight text={tag.value} ranges={at >= 0 ? [[at, at + term.value.length]] : []} />
          </span>
        );
      })}
    </span>
  );
}

export function SecretOption({ item, label, separator, query }: { item: SecretSummary; label: string; separator: string; query: Query }) {
  return (
    <>
      <span className="palette-label search-name">
        <Highlight text={item.name} ranges={nameRanges(item.name, query.words, separator)} />
        <span className="visually-hidden">, in {label}</span>
      </span>
      <MatchedTags item={item} query={query} />
      {item.deleted && <span className="search-flag">deleted</span>}
    </>
  );
}
