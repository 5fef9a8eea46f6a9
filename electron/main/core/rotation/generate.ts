import { randomInt } from 'node:crypto';
import { KeyholeError } from '../../../../shared/errors';
import type { GeneratorPolicy } from '../../../../shared/ipc/channels/rotation';
import type { SecretValue } from '../providers/value';

const CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: '!#%&()*+,-./:;<=>?@[]^_{|}~',
} as const;

/** A random value to the policy: uniform over the allowed alphabet, with one of each class at least. */
export function generatePassword(policy: GeneratorPolicy): string {
  const excluded = new Set(policy.exclude);
  const classes = (Object.keys(CLASSES) as Array<keyof typeof CLASSES>)
    .filter((name) => policy[name])
    .map((name) => [...CLASSES[name]].filter((c) => !excluded.has(c)));
  if (classes.some((chars) => chars.length === 0) || classes.length === 0 || classes.length > policy.length) throw new KeyholeError('INVALID_INPUT');
  const alphabet = classes.flat();
  for (;;) {
    const chars = Array.from({ length: policy.length }, () => alphabet[randomInt(alphabet.length)]!);
    // Rejection keeps the draw uniform over the values that meet the policy.
    if (classes.every((set) => chars.some((c) => set.includes(c)))) return chars.join('');
  }
}

/** The field the plan rotates, read out of a value (a map field, a JSON object key, or the whole string). */
export function readField(value: SecretValue, field: string | undefined): string {
  if (value.kind === 'binary') throw new KeyholeError('UNSUPPORTED');
  if (field === undefined) {
    if (value.kind !== 'string') throw new KeyholeError('INVALID_INPUT');
    return value.value;
  }
  const fields = fieldsOf(value);
  const found = fields[field];
  if (found === undefined) throw new KeyholeError('INVALID_INPUT');
  return found;
}

/** The value with the rotated field replaced, in the value's own shape (a JSON string stays a JSON string). */
export function withField(value: SecretValue, field: string | undefined, next: string, extra: Record<string, string> = {}): SecretValue {
  if (value.kind === 'binary') throw new KeyholeError('UNSUPPORTED');
  if (field === undefined) return { kind: 'string', value: next };
  if (value.kind === 'fields') return { kind: 'fields', fields: { ...value.fields, ...extra, [field]: next } };
  const object = JSON.parse(value.value) as Record<string, unknown>;
  return { kind: 'string', value: JSON.stringify({ ...object, ...extra, [field]: next }) };
}

/** String fields of a map value or of a JSON object string (where connection details live). */
export function fieldsOf(value: SecretValue): Record<string, string> {
  if (value.kind === 'fields') return value.fields;
  if (value.kind !== 'string') throw new KeyholeError('UNSUPPORTED');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.value);
  } catch {
    throw new KeyholeError('INVALID_INPUT');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new KeyholeError('INVALID_INPUT');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
}
