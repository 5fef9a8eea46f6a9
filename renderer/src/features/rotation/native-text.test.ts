import { describe, expect, it } from 'vitest';
import { cancellable, failedText, kindText, maybeFailed, scheduleText, shortVersion } from './native-text';

describe('native rotation text', () => {
  it('shortens version ids but keeps short ones', () => {
    expect(shortVersion('0f6c2a4e-1b7d-4c1e-9a3f-5d2b8e7c6a10')).toBe('0f6c2a4e…');
    expect(shortVersion('v1')).toBe('v1');
  });

  it('says the schedule as rules or as the expression', () => {
    expect(scheduleText({ rulesDays: 30 })).toBe('every 30 days');
    expect(scheduleText({ rulesDays: 1 })).toBe('every day');
    expect(scheduleText({ schedule: 'cron(0 4 ? * SUN *)', rulesDays: 7 })).toBe('cron(0 4 ? * SUN *)');
    expect(scheduleText({})).toBe('no schedule');
  });

  it('names the kind of a rotation', () => {
    expect(kindText({ kind: 'aws-native', target: 'aws-native', native: { immediately: true, version: 'v', logRead: true, stalled: false } })).toBe(
      'AWS rotation function',
    );
    expect(kindText({ kind: 'aws-native', target: 'aws-native', native: { immediately: false, version: 'v', logRead: true, stalled: false } })).toBe(
      'AWS rotation function, test',
    );
    expect(kindText({ kind: 'guided', target: 'postgres', strategy: 'alternating' })).toBe('PostgreSQL, alternating users');
    expect(kindText({ kind: 'guided', target: 'none' })).toBe('checklist');
  });

  it('is honest about a failure the log could not place', () => {
    expect(failedText({ logRead: true })).toBeNull();
    expect(failedText({ failedStep: 'finishSecret', logRead: true })).toBe("The rotation failed at finishSecret, from the rotation function's log.");
    expect(failedText({ failedStep: 'setSecret', failedStepUncertain: true, logRead: false })).toContain(
      'failed at setSecret or testSecret, from the labels',
    );
    expect(failedText({ failedStep: 'testSecret', logRead: true }, 'running')).toBe("It is stuck at testSecret, from the rotation function's log.");
    expect(maybeFailed({ failedStep: 'setSecret', failedStepUncertain: true }, 'testSecret')).toBe(true);
    expect(failedText({ failedStep: 'testSecret', logRead: true }, 'running')).toBe("It is stuck at testSecret, from the rotation function's log.");
    expect(maybeFailed({ failedStep: 'setSecret', failedStepUncertain: true }, 'setSecret')).toBe(false);
    expect(failedText({ failedStep: 'testSecret', logRead: true }, 'running')).toBe("It is stuck at testSecret, from the rotation function's log.");
    expect(maybeFailed({ failedStep: 'setSecret' }, 'testSecret')).toBe(false);
    expect(failedText({ failedStep: 'testSecret', logRead: true }, 'running')).toBe("It is stuck at testSecret, from the rotation function's log.");
    expect(maybeFailed({ failedStep: 'createSecret', failedStepUncertain: true }, 'testSecret')).toBe(false);
  });

  it('offers cancel only while a native rotation runs', () => {
    expect(cancellable({ kind: 'aws-native', status: 'running' })).toBe(true);
    expect(cancellable({ kind: 'aws-native', status: 'failed' })).toBe(false);
    expect(cancellable({ kind: 'guided', status: 'running' })).toBe(false);
  });
});
