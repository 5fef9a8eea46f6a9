import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../shared/audit';
import { lineDiff, mergeTimeline, rollbackResult } from './timeline';

function event(seq: number, time: string, phase: AuditEvent['phase'], attemptSeq: number | null = null): AuditEvent {
  return {
    seq,
    time,
    actorUser: 'op',
    actorHost: 'desk',
    principal: null,
    action: 'secret.rollback',
    phase,
    attemptSeq,
    connectionId: null,
    environmentId: null,
    path: 'a',
    version: null,
    outcome: phase === 'attempt' ? null : 'success',
    code: null,
    requestId: null,
    reason: null,
    details: {},
    prevHash: '',
    hash: '',
  };
}

describe('mergeTimeline', () => {
  const versions = [
    { id: '3', createdAt: '2026-01-03T00:00:00Z', current: true },
    { id: '2', createdAt: '2026-01-02T00:00:00Z', current: false },
  ];

  it('interleaves versions and events newest first, folding answered attempts', () => {
    const rows = mergeTimeline(versions, [event(2, '2026-01-02T12:00:00Z', 'outcome', 1), event(1, '2026-01-02T11:59:59Z', 'attempt')], true);
    expect(rows.map((r) => r.key)).toEqual(['v:3', 'e:2', 'v:2']);
  });

  it('holds back events older than the oldest loaded version while more versions are coming', () => {
    const old = event(5, '2025-12-01T00:00:00Z', 'event');
    expect(mergeTimeline(versions, [old], false).map((r) => r.key)).toEqual(['v:3', 'v:2']);
    expect(mergeTimeline(versions, [old], true).map((r) => r.key)).toEqual(['v:3', 'v:2', 'e:5']);
  });
});

describe('rollbackResult', () => {
  it('says what each provider will do', () => {
    expect(rollbackResult('check-and-set', '4', '1')).toContain('new version, with check-and-set on version 4');
    expect(rollbackResult('stage-label', 'b', 'a')).toContain('moves AWSCURRENT');
    expect(rollbackResult('verify-after', 'b', 'a')).toContain('no precondition');
  });
});

describe('lineDiff', () => {
  it('marks removed and added lines around common ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
  });
});
