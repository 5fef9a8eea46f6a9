import { describe, expect, it } from 'vitest';
import { fieldsValue, stringValue } from '../providers/value';
import { Fingerprinter } from './fingerprint';

describe('Fingerprinter', () => {
  it('tells same, changed, added and removed fields apart, by name only', () => {
    const compared = new Fingerprinter().compare(fieldsValue({ a: '1', b: '2', c: '3' }), fieldsValue({ a: '1', b: 'x', d: '4' }));
    expect(compared).toEqual([
      { field: 'a', status: 'same' },
      { field: 'b', status: 'changed' },
      { field: 'c', status: 'removed' },
      { field: 'd', status: 'added' },
    ]);
    expect(JSON.stringify(compared)).not.toMatch(/"[1-4x]"/);
  });

  it('compares a string value as the one field "", and keeps text and the same bytes as binary apart', () => {
    const fingerprints = new Fingerprinter();
    expect(fingerprints.compare(stringValue('s'), stringValue('s'))).toEqual([{ field: '', status: 'same' }]);
    expect(fingerprints.compare(stringValue('s'), { kind: 'binary', bytes: new TextEncoder().encode('s') })).toEqual([
      { field: '', status: 'changed' },
    ]);
  });

  it('keys each run differently: the same value fingerprints differently under another key', () => {
    const value = stringValue('same value');
    expect(new Fingerprinter().fields(value).get('')).not.toEqual(new Fingerprinter().fields(value).get(''));
  });
});
