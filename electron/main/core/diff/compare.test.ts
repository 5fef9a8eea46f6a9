import { describe, expect, it } from 'vitest';
import type { Environment } from '../../../../shared/connections';
import { fieldsValue, stringValue } from '../providers/value';
import { compareEntries, type SideEntry } from './compare';
import { Fingerprinter } from './fingerprint';
import { toCommon, toNative } from './names';
import { shapeFor } from './promote';

const fp = new Fingerprinter();
const entry = (value: Parameters<Fingerprinter['of']>[0], extra: Partial<SideEntry> = {}): SideEntry => ({
  native: 'n',
  metadata: {},
  fingerprint: fp.of(value),
  version: '1',
  ...extra,
});

describe('compareEntries', () => {
  it('compares per field, JSON strings as their members, and a Vault "value" field as a plain string', () => {
    const a = entry(fieldsValue({ user: 'u', password: 'p1', old: 'x' }));
    const b = entry(stringValue(JSON.stringify({ user: 'u', password: 'p2', added: 'y' })));
    expect(compareEntries('s', a, b, false)).toMatchObject({
      status: 'different',
      fields: [
        { field: 'added', status: 'only-b' },
        { field: 'old', status: 'only-a' },
        { field: 'password', status: 'different' },
        { field: 'user', status: 'same' },
      ],
    });
    expect(compareEntries('s', entry(fieldsValue({ value: 'tok' })), entry(stringValue('tok')), false).status).toBe('same');
    expect(compareEntries('s', entry(stringValue('tok')), entry(stringValue('tok2')), false).fields).toEqual([{ field: '', status: 'different' }]);
  });

  it('is unreadable when either side could not be read, never same or different', () => {
    const row = compareEntries('s', entry(stringValue('a')), { native: 'n', metadata: {}, error: 'FORBIDDEN' }, false);
    expect(row).toMatchObject({ status: 'unreadable', unreadable: [{ side: 'b', code: 'FORBIDDEN' }] });
  });

  it('reports tag differences always and attributes only where both sides carry them', () => {
    const a = entry(stringValue('v'), { metadata: { tags: { owner: 'a' }, enabled: false, expiresAt: '2030-01-01T00:00:00.000Z' } });
    const b = entry(stringValue('v'), { metadata: { tags: { owner: 'b', team: 't' } } });
    expect(compareEntries('s', a, b, false).metadata).toEqual([
      { key: 'tag:owner', a: 'a', b: 'b' },
      { key: 'tag:team', a: null, b: 't' },
    ]);
    expect(compareEntries('s', a, b, true).metadata.map((m) => m.key)).toEqual(['tag:owner', 'tag:team', 'expiresAt', 'enabled']);
  });

  it('fingerprints are keyed per run: equal values match within a run, another key gives other prints', () => {
    expect(fp.of(stringValue('x')).fields.get('')).toBe(fp.of(stringValue('x')).fields.get(''));
    expect(new Fingerprinter().of(stringValue('x')).fields.get('')).not.toBe(fp.of(stringValue('x')).fields.get(''));
  });
});

describe('names and shapes', () => {
  const env = (scope: Environment['scope'], separator: string) => ({ scope, nameMapping: { separator } }) as Environment;
  it('maps native names to the common form and back', () => {
    const azure = env({ kind: 'azure', vaultUrl: 'https://v.example', prefix: 'app-' }, '--');
    expect(toCommon(azure, 'App-Payments--API--Postgres')).toBe('payments/api/postgres');
    expect(toNative(azure, 'payments/api/postgres')).toBe('app-payments--api--postgres');
    const vault = env({ kind: 'vault', mount: 'kv', prefix: 'staging' }, '/');
    expect(toCommon(vault, 'a/b')).toBe('a/b');
    expect(toNative(vault, 'a/b')).toBe('a/b');
  });

  it('writes A in the shape B holds', () => {
    const caps = (valueShape: 'fields' | 'string' | 'json-or-string') => ({ valueShape }) as Parameters<typeof shapeFor>[1];
    expect(shapeFor(fieldsValue({ a: '1' }), caps('string'), 'n')).toEqual(stringValue('{"a":"1"}'));
    expect(shapeFor(stringValue('{"a":"1"}'), caps('fields'), 'n')).toEqual(fieldsValue({ a: '1' }));
    expect(shapeFor(stringValue('tok'), caps('fields'), 'n')).toEqual(fieldsValue({ value: 'tok' }));
    expect(shapeFor(fieldsValue({ value: 'tok' }), caps('json-or-string'), 'n')).toEqual(stringValue('tok'));
    expect(() => shapeFor({ kind: 'binary', bytes: new Uint8Array([1]) }, caps('fields'), 'n')).toThrow();
  });
});
