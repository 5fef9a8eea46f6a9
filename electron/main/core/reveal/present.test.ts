import { describe, expect, it } from 'vitest';
import { clipboardText, present } from './present';

describe('present', () => {
  it('shows a string, one field or all fields as text and bytes as base64', () => {
    expect(present({ kind: 'string', value: 's3cret' }, 'a')).toEqual({ kind: 'string', encoding: 'text', value: 's3cret' });
    const fields = { kind: 'fields', fields: { user: 'u', password: 'p' } } as const;
    expect(present(fields, 'a')).toEqual({ kind: 'fields', encoding: 'text', fields: { user: 'u', password: 'p' } });
    expect(present(fields, 'a', 'password')).toEqual({ kind: 'fields', encoding: 'text', field: 'password', value: 'p' });
    expect(present({ kind: 'binary', bytes: new Uint8Array([0, 255, 1]) }, 'a')).toEqual({ kind: 'binary', encoding: 'base64', value: 'AP8B' });
  });

  it('refuses a missing field and a field of a value that has none, naming only the secret', () => {
    expect(() => present({ kind: 'fields', fields: { user: 'u' } }, 'db/creds', 'password')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', path: 'db/creds' }),
    );
    expect(() => present({ kind: 'fields', fields: { user: 'u' } }, 'db/creds', 'toString')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => present({ kind: 'string', value: 'v' }, 'a', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('copies all fields as one JSON object', () => {
    expect(clipboardText({ kind: 'fields', fields: { a: '1', b: '2' } }, 'n')).toBe('{"a":"1","b":"2"}');
    expect(clipboardText({ kind: 'fields', fields: { a: '1' } }, 'n', 'a')).toBe('1');
  });
});
