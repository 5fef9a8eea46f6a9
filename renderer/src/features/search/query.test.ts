import { describe, expect, it } from 'vitest';
import { highlightRanges, matchesWord, parseQuery, toCommonWord, toNativeRanges } from './query';

describe('parseQuery', () => {
  it('splits words and key:value terms, lowercased', () => {
    expect(parseQuery('  Stripe team:Payments  owner: ')).toEqual({
      words: ['stripe'],
      tags: [
        { key: 'team', value: 'payments' },
        { key: 'owner', value: '' },
      ],
    });
  });

  it('keeps a word whose colon comes first or after a slash as a name word', () => {
    expect(parseQuery(':x a/b:c')).toEqual({ words: [':x', 'a/b:c'], tags: [] });
  });
});

describe('matching', () => {
  it('matches substrings and path segments by their starts, in order', () => {
    const name = 'payments/api/stripe';
    expect(matchesWord(name, 'api/str')).toBe(true);
    expect(matchesWord(name, 'pay/stri')).toBe(true);
    expect(matchesWord(name, 'pay/api/s')).toBe(true);
    expect(matchesWord(name, 'stri/pay')).toBe(false);
    expect(matchesWord(name, 'ments/api')).toBe(true);
    expect(matchesWord(name, 'ay/stri')).toBe(false);
  });

  it('reads a word typed in an environment’s native form', () => {
    expect(toCommonWord('payments--api', '--')).toBe('payments/api');
    expect(toCommonWord('payments--api', '/')).toBe('payments--api');
  });
});

describe('highlightRanges', () => {
  it('marks every occurrence of every word, merged', () => {
    expect(highlightRanges('data/api-2/API', ['api'])).toEqual([
      [5, 8],
      [11, 14],
    ]);
    expect(highlightRanges('payments/api', ['pay', 'ayme'])).toEqual([[0, 5]]);
  });

  it('marks segment starts when the word matched by segments', () => {
    expect(highlightRanges('payments/api/stripe', ['pay/stri'])).toEqual([
      [0, 3],
      [13, 17],
    ]);
  });

  it('maps ranges back to a native name with a longer separator', () => {
    const common = 'payments/api/stripe';
    const native = 'payments--api--stripe';
    const ranges = toNativeRanges(common, highlightRanges(common, ['api/str']), '--');
    expect(ranges.map(([s, e]) => native.slice(s, e))).toEqual(['api--str']);
  });
});
