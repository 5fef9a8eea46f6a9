import { describe, expect, it } from 'vitest';
import { fieldsValue, stringValue } from '../providers/value';
import { generatePassword, readField, withField } from './generate';
import { scramVerifier } from './scram';

describe('generator', () => {
  it('draws to the policy: length, every chosen class, no excluded character', () => {
    const policy = { length: 16, lower: true, upper: true, digits: true, symbols: true, exclude: 'lI1O0"\'\\' };
    for (let i = 0; i < 200; i++) {
      const value = generatePassword(policy);
      expect(value).toHaveLength(16);
      expect(value).toMatch(/[a-z]/);
      expect(value).toMatch(/[A-Z]/);
      expect(value).toMatch(/[0-9]/);
      expect(value).toMatch(/[^A-Za-z0-9]/);
      expect(value).not.toMatch(/[lI1O0"'\\]/);
    }
    expect(generatePassword({ length: 12, lower: false, upper: false, digits: true, symbols: false, exclude: '' })).toMatch(/^\d{12}$/);
  });

  it('refuses a policy whose class is emptied by the exclusions', () => {
    expect(() => generatePassword({ length: 12, lower: false, upper: false, digits: true, symbols: false, exclude: '0123456789' })).toThrow();
  });

  it('replaces one field of a map value or of a JSON object string, keeping the rest and the shape', () => {
    expect(withField(fieldsValue({ user: 'a', password: 'x' }), 'password', 'y')).toEqual(fieldsValue({ user: 'a', password: 'y' }));
    const json = withField(stringValue('{"user":"a","password":"x","port":5432}'), 'password', 'y');
    expect(json).toEqual(stringValue('{"user":"a","password":"y","port":5432}'));
    expect(readField(json, 'password')).toBe('y');
    expect(withField(stringValue('old'), undefined, 'new')).toEqual(stringValue('new'));
    expect(() => readField(fieldsValue({ user: 'a' }), 'password')).toThrow();
  });
});

describe('SCRAM-SHA-256 verifier', () => {
  it('has the form PostgreSQL stores and never contains the password', () => {
    const verifier = scramVerifier('pencil-Sx9', Buffer.alloc(16, 7));
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
    expect(verifier).not.toContain('pencil');
    // Same salt, same verifier; a fresh salt each time otherwise.
    expect(scramVerifier('pencil-Sx9', Buffer.alloc(16, 7))).toBe(verifier);
    expect(scramVerifier('pencil-Sx9')).not.toBe(scramVerifier('pencil-Sx9'));
  });
});
