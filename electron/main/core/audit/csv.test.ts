import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, neutralise, restore } from './csv';

describe('CSV fields', () => {
  it('quotes only where RFC 4180 needs it, doubling quotes, and ends records with CRLF', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', 42, null, ''])).toBe(
      'plain,"a,b","say ""hi""","two\r\nlines","lf\nonly",42,,""\r\n',
    );
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx', '\0x', "'quoted"])('neutralises %j with one leading quote', (cell) => {
    expect(neutralise(cell)).toBe(`'${cell}`);
    expect(restore(neutralise(cell))).toBe(cell);
  });

  it('leaves ordinary cells alone', () => {
    for (const cell of ['apps/db', '{"a":1}', '2025-01-01T00:00:00.000Z', ' =not-first', 'a=b']) expect(neutralise(cell)).toBe(cell);
  });

  it('round-trips any text through an independent parser (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 6 }), (cells) => {
        const text = csvRecord(cells) + csvRecord(cells);
        const parsed = Papa.parse<string[]>(text, { newline: '\r\n', delimiter: ',' });
        expect(parsed.errors).toEqual([]);
        // Two records, then the empty line after the final CRLF.
        expect(parsed.data).toHaveLength(3);
        for (const row of parsed.data.slice(0, 2)) expect(row.map(restore)).toEqual(cells);
      }),
      { numRuns: 100 },
    );
  });

  it('writes numbers bare and null as an empty field', () => {
    expect(csvField(7)).toBe('7');
    expect(csvField(null)).toBe('');
  });
});
