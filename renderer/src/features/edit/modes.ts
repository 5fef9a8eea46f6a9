import type { Mode } from './draft';

/** Value shapes a provider stores: Vault a map of fields; AWS and Azure a string, a JSON object, or fields kept as JSON. */
export function modesFor(valueShape: 'fields' | 'json-or-string' | 'string'): Mode[] {
  return valueShape === 'fields' ? ['fields', 'json'] : ['string', 'fields', 'json'];
}
