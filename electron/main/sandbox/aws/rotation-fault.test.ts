import { describe, expect, it } from 'vitest';
import { parseRotationFault, parseRotationFaultFlag } from './rotation-fault';
import { nextRotation } from './rotation-schedule';

describe('the rotation fault knob', () => {
  it('reads a fault from JSON and refuses anything else', () => {
    expect(parseRotationFault(null)).toBeNull();
    expect(parseRotationFault({ step: 'setSecret' })).toEqual({ step: 'setSecret', mode: 'fail' });
    expect(parseRotationFault({ step: 'testSecret', mode: 'hang', secret: 'staging/a' })).toEqual({
      step: 'testSecret',
      mode: 'hang',
      secret: 'staging/a',
    });
    for (const bad of [
      {},
      [],
      'setSecret',
      { step: 'other' },
      { step: 'setSecret', mode: 'maybe' },
      { step: 'setSecret', secret: '' },
      { step: 'setSecret', extra: 1 },
    ]) {
      expect(parseRotationFault(bad)).toBeUndefined();
    }
  });

  it('reads the command-line form step[:mode[:secret]]', () => {
    expect(parseRotationFaultFlag('createSecret')).toEqual({ step: 'createSecret', mode: 'fail' });
    expect(parseRotationFaultFlag('finishSecret:hang')).toEqual({ step: 'finishSecret', mode: 'hang' });
    expect(parseRotationFaultFlag('setSecret:fail:production/db:main')).toEqual({ step: 'setSecret', mode: 'fail', secret: 'production/db:main' });
    expect(() => parseRotationFaultFlag('nope')).toThrow(/--aws-rotation-fault/);
  });
});

describe('the next rotation date', () => {
  const from = Date.UTC(2026, 0, 7, 10, 30); // a Wednesday
  it('counts days, rate() intervals and cron() windows in UTC', () => {
    expect(nextRotation({ AutomaticallyAfterDays: 30 }, from)).toBe(from + 30 * 86_400_000);
    expect(nextRotation({ ScheduleExpression: 'rate(12 hours)' }, from)).toBe(from + 12 * 3_600_000);
    expect(nextRotation({ ScheduleExpression: 'cron(0 4 ? * SUN *)' }, from)).toBe(Date.UTC(2026, 0, 11, 4, 0));
    expect(nextRotation({ ScheduleExpression: 'cron(30 11 1 * ? *)' }, from)).toBe(Date.UTC(2026, 1, 1, 11, 30));
    expect(nextRotation({ ScheduleExpression: 'cron(45 10 ? * MON-FRI *)' }, from)).toBe(Date.UTC(2026, 0, 7, 10, 45));
    expect(nextRotation(undefined, from)).toBeUndefined();
  });
});
