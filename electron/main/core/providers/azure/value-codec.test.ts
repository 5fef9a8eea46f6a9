import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { decodeValue, encodeValue, MAX_VALUE_BYTES } from './value-codec';

describe('Key Vault value codec', () => {
  it('stores fields as a JSON object typed application/json and reads them back as fields', () => {
    const encoded = encodeValue({ kind: 'fields', fields: { user: 'a', password: 'b' } }, 'n');
    expect(encoded).toEqual({ raw: '{"user":"a","password":"b"}', contentType: 'application/json' });
    expect(decodeValue(encoded.raw, 'application/json; charset=utf-8')).toEqual({ kind: 'fields', fields: { user: 'a', password: 'b' } });
  });

  it('keeps anything that is not a flat JSON object of strings as a string', () => {
    for (const raw of ['{"n":1}', '{"a":{"b":"c"}}', '["a"]', 'not json', '"s"']) {
      expect(decodeValue(raw, 'application/json')).toEqual({ kind: 'string', value: raw });
    }
    expect(decodeValue('{"a":"b"}', 'text/plain')).toEqual({ kind: 'string', value: '{"a":"b"}' });
    expect(decodeValue('{"a":"b"}', undefined)).toEqual({ kind: 'string', value: '{"a":"b"}' });
  });

  it('measures the 25k limit in UTF-8 bytes and refuses bytes it cannot store as text', () => {
    expect(() => encodeValue({ kind: 'string', value: 'x'.repeat(MAX_VALUE_BYTES) }, 'n')).not.toThrow();
    const tooLarge = (() => {
      try {
        encodeValue({ kind: 'string', value: 'é'.repeat(MAX_VALUE_BYTES / 2 + 1) }, 'n');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(tooLarge).toBeInstanceOf(KeyholeError);
    expect((tooLarge as KeyholeError).code).toBe('VALUE_TOO_LARGE');
    expect(() => encodeValue({ kind: 'binary', bytes: new Uint8Array([1]) }, 'n')).toThrow(KeyholeError);
  });
});
