import { KeyholeError } from '../../../../shared/errors';
import type { SecretValue } from '../providers/value';

export interface Presented {
  kind: SecretValue['kind'];
  encoding: 'text' | 'base64';
  value?: string;
  fields?: Record<string, string>;
  field?: string;
}

/** What a reveal shows: the string, one field or all of them; bytes as base64, flagged so. */
export function present(value: SecretValue, name: string, field?: string): Presented {
  if (field !== undefined && value.kind !== 'fields') throw new KeyholeError('INVALID_INPUT', { path: name });
  switch (value.kind) {
    case 'string':
      return { kind: 'string', encoding: 'text', value: value.value };
    case 'binary':
      return { kind: 'binary', encoding: 'base64', value: Buffer.from(value.bytes).toString('base64') };
    case 'fields':
      if (field === undefined) return { kind: 'fields', encoding: 'text', fields: { ...value.fields } };
      if (!Object.hasOwn(value.fields, field)) throw new KeyholeError('NOT_FOUND', { path: name });
      return { kind: 'fields', encoding: 'text', field, value: value.fields[field] as string };
  }
}

/** What a copy puts on the clipboard: the same, with all fields as one JSON object. */
export function clipboardText(value: SecretValue, name: string, field?: string): string {
  const shown = present(value, name, field);
  return shown.value ?? JSON.stringify(shown.fields ?? {});
}
