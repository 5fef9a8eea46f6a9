import { describe, expect, it } from 'vitest';
import type { BulkView } from '../../../../../shared/ipc/channels/rotation';
import { bulkStatus, bulkSummary } from './bulk-summary';

const ENV = '00000000-0000-4000-8000-000000000001';

function bulk(status: BulkView['status'], items: Array<[string, BulkView['items'][number]['status']]>): BulkView {
  return {
    id: '00000000-0000-4000-8000-000000000002',
    status,
    continueOnFailure: false,
    summary: '',
    items: items.map(([name, s]) => ({ environmentId: ENV, name, status: s })),
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

describe('bulkSummary', () => {
  it('names the item a stopped bulk failed at and counts the skipped', () => {
    expect(
      bulkSummary(
        bulk('stopped', [
          ['a', 'completed'],
          ['b', 'failed'],
          ['c', 'skipped'],
        ]),
      ),
    ).toBe('1 completed, failed at b, 1 skipped');
  });

  it('counts failures when the bulk went on after them', () => {
    expect(
      bulkSummary(
        bulk('completed', [
          ['a', 'failed'],
          ['b', 'completed'],
          ['c', 'failed'],
        ]),
      ),
    ).toBe('1 completed, 2 failed');
  });

  it('says which item runs while the bulk runs', () => {
    expect(
      bulkSummary(
        bulk('running', [
          ['a', 'completed'],
          ['b', 'running'],
          ['c', 'pending'],
        ]),
      ),
    ).toBe('Rotating 2 of 3: 1 completed');
  });

  it('says what a cancelled bulk left unstarted', () => {
    expect(
      bulkSummary(
        bulk('cancelled', [
          ['a', 'completed'],
          ['b', 'cancelled'],
        ]),
      ),
    ).toBe('1 completed, 1 cancelled');
  });

  it('does not call a bulk with failures a clean completion', () => {
    expect(
      bulkStatus(
        bulk('completed', [
          ['a', 'completed'],
          ['b', 'failed'],
        ]),
      ),
    ).toEqual({ label: 'completed, 1 failed', tone: 'warn' });
    expect(bulkStatus(bulk('completed', [['a', 'completed']]))).toEqual({ label: 'completed', tone: 'ok' });
  });
});
