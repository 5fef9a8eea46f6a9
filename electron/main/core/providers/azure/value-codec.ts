import { KeyholeError } from '../../../../../shared/errors';
import type { SecretValue } from '../value';

/** Key Vault's documented limit for a secret value: 25k bytes. */
export const MAX_VALUE_BYTES = 25 * 1024;
export const JSON_CONTENT_TYPE = 'application/json';

export interface EncodedValue {
  raw: string;
  /** Set for field maps (stored as JSON); undefined leaves the choice to the caller. */
  contentType?: string;
}

/** A Key Vault secret is a string: field maps are stored as a JSON object with contentType application/json. */
export function encodeValue(value: SecretValue, path: string): EncodedValue {
  if (value.kind === 'binary') throw new KeyholeError('UNSUPPORTED', { path, detail: 'binary' });
  const encoded: EncodedValue =
    value.kind === 'fields' ? { raw: JSON.stringify(value.fields), contentType: JSON_CONTENT_TYPE } : { raw: value.value };
  if (Buffer.byteLength(encoded.raw, 'utf8') > MAX_VALUE_BYTES) throw new KeyholeError('VALUE_TOO_LARGE', { path });
  return encoded;
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType.trim());
}

/** A JSON-typed value that parses to a flat object of strings is a field map; anything else a string. */
export function decodeValue(raw: string, contentType: string | undefined): SecretValue {
  if (isJsonContentType(contentType)) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const entries = Object.entries(parsed);
        if (entries.every(([, v]) => typeof v === 'string')) return { kind: 'fields', fields: Object.fromEntries(entries) as Record<string, string> };
      }
    } catch {
      // Not JSON after all: the value is shown as the string it is.
    }
  }
  return { kind: 'string', value: raw };
}
