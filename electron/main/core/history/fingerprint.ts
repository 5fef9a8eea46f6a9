import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretValue } from '../providers/value';

export type FieldStatus = 'same' | 'changed' | 'added' | 'removed';

export interface FieldComparison {
  /** The field name; '' for a string or binary value, which has no fields. */
  field: string;
  status: FieldStatus;
}

/**
 * Keyed fingerprints (HMAC-SHA256 under a random key made once per run): two values are compared
 * inside main without keeping either, and nothing that could be matched against a guessed value
 * ever leaves main (ARCHITECTURE: fingerprints never leave main, the renderer gets statuses).
 */
export class Fingerprinter {
  private readonly key = randomBytes(32);

  /** One fingerprint per field; a string or binary value is the single field ''. */
  fields(value: SecretValue): Map<string, Buffer> {
    const entries: Array<[string, Buffer]> =
      value.kind === 'fields'
        ? Object.entries(value.fields).map(([field, text]) => [field, this.mac('t', Buffer.from(text, 'utf8'))])
        : [['', value.kind === 'string' ? this.mac('t', Buffer.from(value.value, 'utf8')) : this.mac('b', Buffer.from(value.bytes))]];
    return new Map(entries);
  }

  /** Which fields differ between `from` and `to`, by name, sorted; values are never kept. */
  compare(from: SecretValue, to: SecretValue): FieldComparison[] {
    const a = this.fields(from);
    const b = this.fields(to);
    const names = [...new Set([...a.keys(), ...b.keys()])].sort();
    return names.map((field) => {
      const left = a.get(field);
      const right = b.get(field);
      if (left === undefined) return { field, status: 'added' };
      if (right === undefined) return { field, status: 'removed' };
      return { field, status: timingSafeEqual(left, right) ? 'same' : 'changed' };
    });
  }

  private mac(kind: 't' | 'b', bytes: Buffer): Buffer {
    // The kind tag keeps a text value and the same bytes as binary apart.
    return createHmac('sha256', this.key).update(kind).update(bytes).digest();
  }
}
