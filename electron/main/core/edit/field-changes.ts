import { Fingerprinter } from '../diff/fingerprint';
import type { SecretValue } from '../providers/value';

export type FieldChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface FieldChange {
  /** The field name; '' for a string value, which has no fields. */
  field: string;
  change: FieldChangeKind;
}

/**
 * Which fields a write would change, from the diff's keyed fingerprints (a JSON object held in a
 * string compares member by member, as diffs do). Neither value nor fingerprint is kept or returned.
 */
export class FieldChanges {
  private readonly fingerprints = new Fingerprinter();

  between(current: SecretValue, next: SecretValue): FieldChange[] {
    const a = this.fingerprints.of(current);
    const b = this.fingerprints.of(next);
    const names = [...new Set([...a.fields.keys(), ...b.fields.keys()])].sort();
    return names.map((field) => {
      const before = a.kind === b.kind ? a.fields.get(field) : undefined;
      const after = b.fields.get(field);
      if (!a.fields.has(field)) return { field, change: 'added' };
      if (after === undefined) return { field, change: 'removed' };
      return { field, change: before === after ? 'unchanged' : 'changed' };
    });
  }
}
