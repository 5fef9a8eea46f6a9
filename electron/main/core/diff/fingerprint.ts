import { createHmac, randomBytes } from 'node:crypto';
import type { SecretValue } from '../providers/value';

/** A value reduced to keyed fingerprints, per field; the value itself is dropped at once. */
export interface Fingerprint {
  /** `binary` for bytes, otherwise `fields` (a string is the single field ""). */
  kind: 'fields' | 'binary';
  fields: Map<string, string>;
}

/**
 * HMAC-SHA256 under a key made once per run (ARCHITECTURE: diffs compare by keyed fingerprints).
 * The key never leaves this object and fingerprints never leave main, so equal fingerprints tell
 * nothing to anyone who sees them in memory later without the key.
 */
export class Fingerprinter {
  private readonly key = randomBytes(32);

  of(value: SecretValue): Fingerprint {
    if (value.kind === 'binary') return { kind: 'binary', fields: new Map([['', this.mac('b', Buffer.from(value.bytes))]]) };
    const fields = comparableFields(value);
    return { kind: 'fields', fields: new Map(Object.entries(fields).map(([field, text]) => [field, this.mac('t', Buffer.from(text, 'utf8'))])) };
  }

  private mac(kind: string, data: Buffer): string {
    return createHmac('sha256', this.key).update(kind).update('\0').update(data).digest('base64');
  }
}

/**
 * The fields a diff compares: a fields value as it is; a string holding a JSON object (AWS and
 * Azure keep multi-field secrets that way) as its members, non-strings in their JSON form; any
 * other string as the one field "".
 */
export function comparableFields(value: Exclude<SecretValue, { kind: 'binary' }>): Record<string, string> {
  if (value.kind === 'fields') return value.fields;
  const parsed = parseObject(value.value);
  return parsed ?? { '': value.value };
}

function parseObject(text: string): Record<string, string> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch {
    return undefined;
  }
}
