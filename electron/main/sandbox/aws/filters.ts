import type { Filter } from './input';
import type { StoredSecret } from './model';

/**
 * ListSecrets / BatchGetSecretValue filters as documented: values within one filter are ORed,
 * filters are ANDed, a leading "!" negates a value. name and description match a prefix of any
 * word (words split at / _ + = . @ - and space), name case-sensitively and description not;
 * tag-key and tag-value match a prefix case-sensitively; `all` splits the value into words and
 * looks for each, case-insensitively, in the name, description, tag keys and tag values.
 * Because name matching is by word, a name filter can return names that only contain the
 * prefix after a delimiter: a client wanting a true prefix must check the names it gets back.
 */
const DELIMITER = /[/_+=.@\- ]/;

function prefixOfAnyWord(text: string, value: string): boolean {
  if (text.startsWith(value)) return true;
  for (let i = 0; i < text.length - 1; i += 1) {
    if (DELIMITER.test(text.charAt(i)) && text.startsWith(value, i + 1)) return true;
  }
  return false;
}

function matchesValue(secret: StoredSecret, key: string, value: string): boolean {
  switch (key) {
    case 'name':
      return prefixOfAnyWord(secret.name, value);
    case 'description':
      return prefixOfAnyWord((secret.description ?? '').toLowerCase(), value.toLowerCase());
    case 'tag-key':
      return secret.tags.some((t) => t.Key.startsWith(value));
    case 'tag-value':
      return secret.tags.some((t) => t.Value.startsWith(value));
    case 'all': {
      const haystacks = [secret.name, secret.description ?? '', ...secret.tags.flatMap((t) => [t.Key, t.Value])].map((s) => s.toLowerCase());
      return value
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .every((word) => haystacks.some((h) => prefixOfAnyWord(h, word)));
    }
    default:
      // primary-region and owning-service: the sandbox has no replicas and no managed secrets.
      return false;
  }
}

function matchesFilter(secret: StoredSecret, filter: Filter): boolean {
  return filter.values.some((raw) => {
    const negated = raw.startsWith('!');
    const value = negated ? raw.slice(1) : raw;
    return matchesValue(secret, filter.key, value) !== negated;
  });
}

export function matchesFilters(secret: StoredSecret, filters: readonly Filter[]): boolean {
  return filters.every((f) => matchesFilter(secret, f));
}
