import { describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../shared/errors';
import { fieldsValue, stringValue } from '../providers/value';
import { FieldChanges } from './field-changes';
import { MAX_BYTES, resolveValue } from './value-input';

function codeOf(task: () => unknown): string | undefined {
  try {
    task();
  } catch (error) {
    return error instanceof KeyholeError ? error.code : 'not-keyhole';
  }
  return undefined;
}

describe('resolveValue', () => {
  it('takes a string, JSON or fields in the provider shape', () => {
    expect(resolveValue('aws', { kind: 'string', value: 'plain' }, 'a')).toEqual(stringValue('plain'));
    expect(resolveValue('aws', { kind: 'json', text: '{"user":"u","password":"p"}' }, 'a')).toEqual(fieldsValue({ user: 'u', password: 'p' }));
    expect(resolveValue('azure', { kind: 'json', text: '{"n": 1}' }, 'a')).toEqual(stringValue('{"n": 1}'));
    expect(resolveValue('vault', { kind: 'fields', set: { a: '1' } }, 'a')).toEqual(fieldsValue({ a: '1' }));
  });

  it('applies a field change over the current value', () => {
    const current = fieldsValue({ user: 'u', password: 'old', host: 'h' });
    expect(resolveValue('vault', { kind: 'fields', set: { password: 'new', port: '5432' }, remove: ['host'] }, 'a', current)).toEqual(
      fieldsValue({ user: 'u', password: 'new', port: '5432' }),
    );
  });

  it('refuses invalid JSON, non-text, the wrong shape and oversized values', () => {
    expect(codeOf(() => resolveValue('aws', { kind: 'json', text: '{"a":' }, 'a'))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveValue('aws', { kind: 'string', value: 'a\u0000b' }, 'a'))).toBe('VALUE_NOT_TEXT');
    expect(codeOf(() => resolveValue('azure', { kind: 'string', value: 'a\ud800b' }, 'a'))).toBe('VALUE_NOT_TEXT');
    expect(codeOf(() => resolveValue('vault', { kind: 'fields', set: { k: '\u0007' } }, 'a'))).toBe('VALUE_NOT_TEXT');
    expect(codeOf(() => resolveValue('vault', { kind: 'string', value: 'x' }, 'a'))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveValue('vault', { kind: 'json', text: '[1]' }, 'a'))).toBe('INVALID_INPUT');
    expect(codeOf(() => resolveValue('azure', { kind: 'string', value: 'x'.repeat(MAX_BYTES.azure + 1) }, 'a'))).toBe('VALUE_TOO_LARGE');
    expect(codeOf(() => resolveValue('aws', { kind: 'string', value: 'é'.repeat(MAX_BYTES.aws / 2 + 1) }, 'a'))).toBe('VALUE_TOO_LARGE');
    expect(codeOf(() => resolveValue('aws', { kind: 'string', value: 'tabs\tand\nlines\r\n' }, 'a'))).toBeUndefined();
  });
});

describe('FieldChanges', () => {
  it('says which fields are added, removed, changed or unchanged, and nothing else', () => {
    const changes = new FieldChanges().between(fieldsValue({ a: '1', b: '2', c: '3' }), fieldsValue({ a: '1', b: 'x', d: '4' }));
    expect(changes).toEqual([
      { field: 'a', change: 'unchanged' },
      { field: 'b', change: 'changed' },
      { field: 'c', change: 'removed' },
      { field: 'd', change: 'added' },
    ]);
    expect(new FieldChanges().between(stringValue('s'), stringValue('t'))).toEqual([{ field: '', change: 'changed' }]);
  });
});
