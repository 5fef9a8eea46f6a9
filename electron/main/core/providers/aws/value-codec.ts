import { KeyholeError } from '../../../../../shared/errors';
import type { SecretValue } from '../value';

/**
 * SecretValue to and from Secrets Manager's SecretString / SecretBinary. A SecretString holding a
 * JSON object whose values are all strings reads as fields; any other string (including JSON
 * with numbers or nesting) stays the exact string it was. SecretBinary stays bytes.
 */
export const MAX_VALUE_BYTES = 65_536;

export interface WireValue {
  SecretString?: string;
  SecretBinary?: Uint8Array;
}

export function encodeValue(value: SecretValue, path: string): WireValue {
  const wire: WireValue =
    value.kind === 'binary' ? { SecretBinary: value.bytes } : { SecretString: value.kind === 'fields' ? JSON.stringify(value.fields) : value.value };
  const size = wire.SecretBinary !== undefined ? wire.SecretBinary.byteLength : Buffer.byteLength(wire.SecretString ?? '', 'utf8');
  if (size > MAX_VALUE_BYTES) throw new KeyholeError('VALUE_TOO_LARGE', { path });
  return wire;
}

function asFields(text: string): Record<string, string> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed);
  if (!entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

export function decodeValue(wire: WireValue): SecretValue {
  if (wire.SecretBinary !== undefined) return { kind: 'binary', bytes: wire.SecretBinary };
  const text = wire.SecretString ?? '';
  const fields = asFields(text);
  return fields ? { kind: 'fields', fields } : { kind: 'string', value: text };
}
