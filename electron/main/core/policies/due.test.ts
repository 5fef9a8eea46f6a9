import { describe, expect, it } from 'vitest';
import { DUE_SOON_DAYS } from '../../../../shared/ipc/channels/policies';
import type { RotationView } from '../../../../shared/ipc/channels/rotation';
import { ManualClock } from '../testing/manual-clock';
import { DAY_MS, dueAtOf, effectiveOf, lastRotatedOf, stateOf, type KeyholeIntervals, type SecretFacts } from './due';
import { historyEntry, newestRotatedAt, rotatedAt } from './rotation-facts';

const T = Date.parse('2026-06-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const rules = (over: Partial<NonNullable<SecretFacts['rotation']>> = {}) => ({ enabled: true, rulesDays: 30, ...over });

describe('effective policy: strongest source first', () => {
  const both: KeyholeIntervals = { secret: 45, environment: 90 };
  const envOnly: KeyholeIntervals = { environment: 90 };
  const cases: Array<[string, SecretFacts, KeyholeIntervals, ReturnType<typeof effectiveOf>]> = [
    ['AWS rules while rotation is on beat every Keyhole policy', { kind: 'aws', rotation: rules() }, both, { source: 'aws', intervalDays: 30 }],
    [
      'an AWS schedule is due at NextRotationDate',
      { kind: 'aws', rotation: { enabled: true, schedule: 'cron(0 4 ? * SUN *)', nextRotationAt: iso(T) } },
      both,
      { source: 'aws', schedule: 'cron(0 4 ? * SUN *)', fixedDueAt: iso(T) },
    ],
    [
      'AWS rules and a schedule: the interval, with the schedule said',
      { kind: 'aws', rotation: rules({ schedule: 'rate(30 days)' }) },
      envOnly,
      { source: 'aws', intervalDays: 30, schedule: 'rate(30 days)' },
    ],
    [
      'AWS rules with rotation off: the secret policy',
      { kind: 'aws', rotation: rules({ enabled: false }) },
      both,
      { source: 'keyhole-secret', intervalDays: 45 },
    ],
    [
      'an AWS schedule without a next date: the next source',
      { kind: 'aws', rotation: { enabled: true, schedule: 'cron(0 4 ? * SUN *)' } },
      envOnly,
      { source: 'keyhole-environment', intervalDays: 90 },
    ],
    ['a secret policy beats Azure expiry', { kind: 'azure', expiresAt: iso(T) }, both, { source: 'keyhole-secret', intervalDays: 45 }],
    ['Azure expiry beats the environment policy', { kind: 'azure', expiresAt: iso(T) }, envOnly, { source: 'azure-expiry', fixedDueAt: iso(T) }],
    ['Azure expiry alone covers the secret', { kind: 'azure', expiresAt: iso(T) }, {}, { source: 'azure-expiry', fixedDueAt: iso(T) }],
    ['Azure without expiry: the environment policy', { kind: 'azure' }, envOnly, { source: 'keyhole-environment', intervalDays: 90 }],
    ['an expiry outside Azure is no policy', { kind: 'vault', expiresAt: iso(T) }, envOnly, { source: 'keyhole-environment', intervalDays: 90 }],
    ['an unreadable expiry is ignored', { kind: 'azure', expiresAt: 'soon' }, envOnly, { source: 'keyhole-environment', intervalDays: 90 }],
    ['nothing covers it', { kind: 'vault' }, {}, null],
  ];
  it.each(cases)('%s', (_label, facts, keyhole, expected) => {
    expect(effectiveOf(facts, keyhole)).toEqual(expected);
  });
});

describe('last rotated', () => {
  const aws = (at: number): SecretFacts => ({ kind: 'aws', rotation: rules({ lastRotatedAt: iso(at) }), lastChange: iso(T) });
  it('prefers Keyhole, then AWS, then the last change', () => {
    expect(lastRotatedOf(iso(T - DAY_MS), aws(T - 2 * DAY_MS))).toEqual({ at: iso(T - DAY_MS), from: 'keyhole' });
    expect(lastRotatedOf(undefined, aws(T - 2 * DAY_MS))).toEqual({ at: iso(T - 2 * DAY_MS), from: 'aws' });
    expect(lastRotatedOf(undefined, { kind: 'vault', lastChange: iso(T) })).toEqual({ at: iso(T), from: 'last-change' });
    expect(lastRotatedOf(undefined, { kind: 'vault' })).toBeUndefined();
  });
  it('takes AWS when it rotated after Keyhole did', () => {
    expect(lastRotatedOf(iso(T - 5 * DAY_MS), aws(T - DAY_MS))).toEqual({ at: iso(T - DAY_MS), from: 'aws' });
  });
});

describe('due date and state at the boundaries', () => {
  it('counts the interval from the last rotation, or takes the source date', () => {
    const last = { at: iso(T), from: 'last-change' as const };
    expect(dueAtOf({ source: 'keyhole-environment', intervalDays: 90 }, last)).toBe(iso(T + 90 * DAY_MS));
    expect(dueAtOf({ source: 'azure-expiry', fixedDueAt: iso(T + DAY_MS) }, undefined)).toBe(iso(T + DAY_MS));
    expect(dueAtOf({ source: 'keyhole-secret', intervalDays: 30 }, undefined)).toBeUndefined();
  });

  it('moves ok → due soon → overdue as the clock passes each boundary', async () => {
    const dueAt = iso(T + 90 * DAY_MS);
    const clock = new ManualClock(T + 90 * DAY_MS - DUE_SOON_DAYS * DAY_MS - 1);
    expect(stateOf(dueAt, clock.now())).toBe('ok');
    await clock.advance(1); // exactly DUE_SOON_DAYS left
    expect(stateOf(dueAt, clock.now())).toBe('due-soon');
    await clock.advance(DUE_SOON_DAYS * DAY_MS - 1); // one millisecond left
    expect(stateOf(dueAt, clock.now())).toBe('due-soon');
    await clock.advance(1); // the due instant itself
    expect(stateOf(dueAt, clock.now())).toBe('overdue');
    await clock.advance(365 * DAY_MS);
    expect(stateOf(dueAt, clock.now())).toBe('overdue');
  });
});

function view(over: Partial<RotationView>): RotationView {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'guided',
    environmentId: '00000000-0000-4000-8000-0000000000e1',
    name: 'payments/api/stripe',
    target: 'none',
    status: 'completed',
    protected: false,
    checklist: [],
    steps: [{ name: 'promote', status: 'done', plan: 'p', result: 'r', at: iso(T - DAY_MS) }],
    createdAt: iso(T - 2 * DAY_MS),
    updatedAt: iso(T),
    ...over,
  };
}

describe('rotations as history', () => {
  it('a completed rotation counts from when its value became current; others do not count', () => {
    expect(rotatedAt(view({}))).toBe(iso(T - DAY_MS));
    expect(rotatedAt(view({ status: 'rolled-back' }))).toBeUndefined();
    const test = view({
      kind: 'aws-native',
      target: 'aws-native',
      steps: [],
      native: { immediately: false, version: 'v9', logRead: true, stalled: false },
    });
    expect(rotatedAt(test)).toBeUndefined();
    expect(newestRotatedAt([view({}), view({ steps: [], updatedAt: iso(T + DAY_MS) }), test])).toBe(iso(T + DAY_MS));
  });

  it('says what happened in one line, with the failed step, the version and the actor', () => {
    const failed = historyEntry(
      view({
        status: 'rolled-back',
        bulkId: '00000000-0000-4000-8000-0000000000b1',
        steps: [{ name: 'promote', status: 'failed', plan: 'p' }],
        error: { code: 'CONFLICT', message: 'Promote failed: the secret moved\nsince generate' },
      }),
      'ops@host',
    );
    expect(failed).toMatchObject({ outcome: 'rolled-back', actor: 'ops@host', bulkId: '00000000-0000-4000-8000-0000000000b1', at: iso(T) });
    expect(failed.summary).toBe('Guided rotation of the value (checklist) rolled back: Promote failed: the secret moved since generate');
    const native = historyEntry(
      view({
        kind: 'aws-native',
        target: 'aws-native',
        steps: [{ name: 'finishSecret', status: 'done', plan: 'p', at: iso(T) }],
        native: { immediately: true, version: 'v7', logRead: true, stalled: false },
      }),
      undefined,
    );
    expect(native).toMatchObject({ kind: 'aws-native', outcome: 'completed', version: 'v7', summary: 'AWS rotation completed' });
    expect(native.actor).toBeUndefined();
    const nativeFailed = historyEntry(
      view({
        kind: 'aws-native',
        target: 'aws-native',
        status: 'failed',
        steps: [],
        native: { immediately: true, version: 'v8', failedStep: 'setSecret', logRead: true, stalled: false },
      }),
      undefined,
    );
    expect(nativeFailed.summary).toBe('AWS rotation failed: setSecret failed');
    expect(nativeFailed.version).toBeUndefined();
  });
});
