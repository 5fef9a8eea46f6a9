import type { ReadResult } from '../providers/provider';

export interface ComparedSide {
  version: string;
  kind: 'string' | 'fields' | 'binary';
  encoding: 'text' | 'base64';
  value?: string;
  fields?: Record<string, string>;
}

/** One side of a compare-values answer: a string, every field, or bytes as base64. */
export function presentSide(result: ReadResult): ComparedSide {
  const value = result.value;
  switch (value.kind) {
    case 'string':
      return { version: result.version, kind: 'string', encoding: 'text', value: value.value };
    case 'fields':
      return { version: result.version, kind: 'fields', encoding: 'text', fields: { ...value.fields } };
    case 'binary':
      return { version: result.version, kind: 'binary', encoding: 'base64', value: Buffer.from(value.bytes).toString('base64') };
  }
}
