import { describe, expect, it } from 'vitest';
import { apiPath, isValidName, locate } from './names';

describe('Vault names and paths', () => {
  it('accepts ordinary paths and refuses empty, dot and control segments', () => {
    for (const name of ['a', 'team/service/db', 'with space/ü', 'a.b/c-d_e', '.hidden/x']) expect(isValidName(name)).toBe(true);
    for (const name of ['', '/a', 'a/', 'a//b', 'a/./b', 'a/../b', '..', 'tab\there', 'x'.repeat(1025)]) expect(isValidName(name)).toBe(false);
  });

  it('normalizes a scope’s mount and prefix', () => {
    expect(locate({ kind: 'vault', mount: '/kv/', prefix: 'staging' })).toEqual({ mount: 'kv', prefix: 'staging/' });
    expect(locate({ kind: 'vault', mount: 'kv', prefix: '' })).toEqual({ mount: 'kv', prefix: '' });
    expect(() => locate({ kind: 'vault', mount: 'kv', prefix: 'a/../b' })).toThrow();
  });

  it('encodes each segment of the path', () => {
    expect(apiPath({ mount: 'kv', prefix: 'staging/' }, 'data', 'a b/c?d')).toBe('kv/data/staging/a%20b/c%3Fd');
    expect(apiPath({ mount: 'kv', prefix: '' }, 'metadata', '')).toBe('kv/metadata/');
    expect(apiPath({ mount: 'kv', prefix: 'p/' }, 'metadata', 'folder/')).toBe('kv/metadata/p/folder/');
  });
});
