import { describe, expect, it } from 'vitest';
import type { NativeLogEvent, NativeRotationState } from '../../providers/provider';
import { assess, plannedNativeSteps } from './assess';

/** What the labels and the log say about a rotation, when the log can be read and when it cannot. */
const TOKEN = 'tok-1';
const AT = '2026-01-01T00:00:00.000Z';
const subject = (immediately = true) => ({ immediately, version: TOKEN, steps: plannedNativeSteps(immediately, TOKEN) });

function state(stages: Record<string, string[]>, hasValue = true): NativeRotationState {
  const current = Object.entries(stages).find(([, l]) => l.includes('AWSCURRENT'))?.[0];
  const pending = Object.entries(stages).find(([, l]) => l.includes('AWSPENDING'))?.[0];
  return {
    config: { enabled: true, lambdaArn: 'arn:aws:lambda:us-east-1:1:function:f' },
    stages,
    ...(current !== undefined ? { currentVersion: current } : {}),
    ...(pending !== undefined ? { pending: { version: pending, onCurrent: pending === current, hasValue: pending === current || hasValue } } : {}),
  };
}

const ev = (at: number, fields: Partial<NativeLogEvent>): NativeLogEvent => ({ at, level: 'info', succeeded: false, ...fields });

describe('assessing a native rotation', () => {
  it('without the log: an empty placeholder that stalls failed at createSecret', () => {
    const result = assess(subject(), { state: state({ old: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] }, false), events: null, stalled: true, at: AT });
    expect(result).toMatchObject({ outcome: 'running', failedStep: 'createSecret', pendingVersion: TOKEN });
    expect(result.failedStepUncertain).toBeUndefined();
    expect(result.leftBehind).toBe(`AWSPENDING is on version ${TOKEN}, an empty version; AWSCURRENT is still on old.`);
  });

  it('without the log: a value that AWSCURRENT never reached is setSecret or testSecret, said as uncertain', () => {
    const result = assess(subject(), { state: state({ old: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] }), events: null, stalled: true, at: AT });
    expect(result).toMatchObject({ failedStep: 'setSecret', failedStepUncertain: true });
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'running', 'pending', 'pending']);
    expect(result.leftBehind).toContain('which holds the new value');
  });

  it('without the log: AWSCURRENT on the token completes every step; a test completes when its version is gone', () => {
    const done = assess(subject(), { state: state({ old: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT'] }), events: null, stalled: false, at: AT });
    expect(done.outcome).toBe('completed');
    expect(done.steps.every((s) => s.status === 'done')).toBe(true);
    const test = assess(subject(false), { state: state({ old: ['AWSCURRENT'] }), events: null, stalled: false, at: AT });
    expect(test.outcome).toBe('completed');
    expect(test.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'done', 'skipped']);
  });

  it('not stalled and nothing to tell yet: running, no failure claimed', () => {
    const result = assess(subject(), { state: state({ old: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] }, false), events: null, stalled: false, at: AT });
    expect(result).toEqual({ outcome: 'running', steps: expect.any(Array) });
  });

  it('with the log: an error without a step belongs to the step after the last success, with its exception name', () => {
    const events = [
      ev(1, { step: 'createSecret', succeeded: true }),
      ev(2, { level: 'error', errorType: 'KeyError' }),
      ev(3, { step: 'setSecret', succeeded: true }),
    ];
    const result = assess(subject(), { state: state({ old: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] }), events, stalled: false, at: AT });
    expect(result).toMatchObject({ outcome: 'failed', failedStep: 'setSecret', errorType: 'KeyError' });
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'skipped', 'skipped']);
  });

  it('with the log: a test that errs at testSecret fails there, even though the function named no step', () => {
    const events = [ev(1, { level: 'error', errorType: 'ValueError' })];
    const result = assess(subject(false), { state: state({ old: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] }, false), events, stalled: false, at: AT });
    expect(result).toMatchObject({ outcome: 'failed', failedStep: 'testSecret', pendingVersion: TOKEN });
  });
});
