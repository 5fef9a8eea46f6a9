import { describe, expect, it } from 'vitest';
import { auditFilterSchema } from '../../../../shared/audit';
import { activeCount, EMPTY_FORM, localToIso, toFilter } from './filter-form';

describe('toFilter', () => {
  it('selects everything from an empty form', () => {
    expect(toFilter(EMPTY_FORM)).toEqual({});
    expect(activeCount(EMPTY_FORM)).toBe(0);
  });

  it('narrows by every control, in the shape main accepts', () => {
    const form = {
      from: '2026-01-01T10:00',
      to: '2026-01-02T10:00',
      action: 'secret.reveal',
      outcome: 'problems' as const,
      connectionId: 'c',
      environmentId: 'e',
      actor: 'ann@desk@lab',
      principal: 'arn:aws:iam::1:user/x',
      path: '  apps/db ',
    };
    const filter = toFilter(form);
    expect(filter).toEqual({
      from: new Date('2026-01-01T10:00').toISOString(),
      to: new Date('2026-01-02T10:00').toISOString(),
      actions: ['secret.reveal'],
      outcomes: ['failure', 'refused'],
      connectionId: 'c',
      environmentId: 'e',
      actorUser: 'ann@desk',
      actorHost: 'lab',
      principal: 'arn:aws:iam::1:user/x',
      pathContains: 'apps/db',
    });
    expect(auditFilterSchema.parse(filter)).toEqual(filter);
    expect(activeCount(form)).toBe(9);
  });

  it('takes one outcome alone, and ignores a blank path or a bad date', () => {
    expect(toFilter({ ...EMPTY_FORM, outcome: 'refused', path: '   ', from: 'nonsense' })).toEqual({ outcomes: ['refused'] });
    expect(localToIso('')).toBeUndefined();
  });
});
