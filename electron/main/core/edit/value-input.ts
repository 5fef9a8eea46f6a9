import type { ProviderKind } from '../../../../shared/domain';
import { KeyholeError } from '../../../../shared/errors';
import { MAX_VALUE_BYTES as AWS_MAX_BYTES } from '../providers/aws/value-codec';
import { MAX_VALUE_BYTES as AZURE_MAX_BYTES } from '../providers/azure/value-codec';
import type { SecretValue } from '../providers/value';

/** A value as the renderer typed it (the `value` of the edit channels). */
export type ValueInput =
  { kind: 'string'; value: string } | { kind: 'json'; text: string } | { kind: 'fields'; set: Record<string, string>; remove?: string[] | undefined };

/**
 * The largest value each provider stores: AWS 64 KiB and Azure 25 KiB as documented; Vault has no
 * per-secret limit of its own, but its storage backends do (Consul: 512 KiB per entry), so Keyhole
 * keeps below the smallest common one.
 */
export const MAX_BYTES: Record<ProviderKind, number> = { vault: 512 * 1024, aws: AWS_MAX_BYTES, azure: AZURE_MAX_BYTES };

// eslint-disable-next-line no-control-regex -- control characters other than tab, LF and CR are what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text an operator could have typed: well-formed Unicode without NUL or other control characters. */
export function isText(text: string): boolean {
  return !CONTROL.test(text) && !LONE_SURROGATE.test(text);
}

function checkText(text: string, path: string): void {
  if (!isText(text)) throw new KeyholeError('VALUE_NOT_TEXT', { path });
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new KeyholeError('INVALID_INPUT', { path, detail: 'json' });
  }
}

/** A flat JSON object of strings, or undefined. */
function flatFields(parsed: unknown): Record<string, string> | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed as Record<string, unknown>);
  return entries.every(([, v]) => typeof v === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

/**
 * The value to write: the typed input over the current value (for an edit; `current` undefined
 * for a create). Checked for text, JSON, the provider's value shape and its size before any
 * request: a bad value changes nothing.
 */
export function resolveValue(provider: ProviderKind, input: ValueInput, path: string, current?: SecretValue): SecretValue {
  const value = shape(provider, input, path, current);
  const size =
    value.kind === 'binary'
      ? value.bytes.byteLength
      : Buffer.byteLength(value.kind === 'fields' ? JSON.stringify(value.fields) : value.value, 'utf8');
  if (size > MAX_BYTES[provider]) throw new KeyholeError('VALUE_TOO_LARGE', { path });
  return value;
}

function shape(provider: ProviderKind, input: ValueInput, path: string, current?: SecretValue): SecretValue {
  switch (input.kind) {
    case 'string':
      checkText(input.value, path);
      // A Vault KV secret is always a map of fields.
      if (provider === 'vault') throw new KeyholeError('INVALID_INPUT', { path, detail: 'shape' });
      return { kind: 'string', value: input.value };
    case 'json': {
      checkText(input.text, path);
      const parsed = parseJson(input.text, path);
      const fields = flatFields(parsed);
      if (fields) return { kind: 'fields', fields };
      if (provider === 'vault') throw new KeyholeError('INVALID_INPUT', { path, detail: 'shape' });
      // Valid JSON that is not a flat object of strings is stored as the exact text typed.
      return { kind: 'string', value: input.text };
    }
    case 'fields': {
      for (const [field, text] of Object.entries(input.set)) {
        checkText(field, path);
        checkText(text, path);
      }
      const base = current?.kind === 'fields' ? current.fields : {};
      const fields: Record<string, string> = { ...base, ...input.set };
      for (const field of input.remove ?? []) delete fields[field];
      return { kind: 'fields', fields };
    }
  }
}
