import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditRow } from '../../../shared/audit';
import type { JobView } from '../../../shared/ipc/contract';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Handler[]>();
const emit = (name: string, payload: unknown) => handlers.get(name)?.forEach((handler) => handler(payload));
const calls: { channel: string; input: unknown }[] = [];

function row(seq: number): AuditRow {
  return {
    seq,
    time: '2026-01-01T00:00:00.000Z',
    actorUser: 'ann',
    actorHost: 'desk',
    principal: null,
    action: 'secret.reveal',
    phase: 'event',
    attemptSeq: null,
    connectionId: null,
    environmentId: null,
    path: null,
    version: null,
    outcome: 'success',
    code: null,
    requestId: null,
    reason: null,
    details: {},
    prevHash: 'p',
    hash: 'h',
    flagged: false,
  };
}

/** main's audit log of 450 events, in keyset pages of `limit`, newest first. */
const fakeApi = {
  on(name: string, handler: Handler) {
    handlers.set(name, [...(handlers.get(name) ?? []), handler]);
    return () => undefined;
  },
  jobs: {
    cancel: async (input: unknown) => {
      calls.push({ channel: 'jobs:cancel', input });
      return { ok: true };
    },
  },
  audit: {
    query: async (input: { limit: number; beforeSeq?: number }) => {
      calls.push({ channel: 'audit:query', input });
      const top = (input.beforeSeq ?? 451) - 1;
      const events = Array.from({ length: Math.min(input.limit, top) }, (_, i) => row(top - i));
      const last = events.at(-1)?.seq ?? 1;
      return { events, nextBeforeSeq: last > 1 ? last : null };
    },
    histogram: async () => ({ from: 'a', to: 'b', bucketMs: 1, total: 450, actions: [], buckets: [] }),
    bursts: async () => ({ bursts: [] }),
    export: async (input: unknown) => {
      calls.push({ channel: 'audit:export', input });
      // The job finishes before the call answers: its events arrive first.
      const result = { jobId: 'job-1', rows: 3, files: [{ format: 'csv', name: 'a.csv', sha256: 'f'.repeat(64), bytes: 10 }] };
      emit('audit:exported', result);
      emit('job:progress', {
        id: 'job-1',
        kind: 'audit.export',
        label: 'Export',
        state: 'done',
        done: 3,
        total: 3,
        startedAt: 'x',
        error: null,
      } satisfies JobView);
      return { jobId: 'job-1', files: [{ format: 'csv', name: 'a.csv' }] };
    },
  },
};

let useAudit: (typeof import('./audit'))['useAudit'];

beforeAll(async () => {
  vi.stubGlobal('window', { keyhole: fakeApi });
  ({ useAudit } = await import('./audit'));
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('audit store', () => {
  it('pages by keyset: passes nextBeforeSeq back as beforeSeq until the last page', async () => {
    useAudit.getState().setForm({ action: 'secret.reveal' });
    await vi.waitFor(() => expect(useAudit.getState().rows).toHaveLength(200));
    await useAudit.getState().loadMore();
    await useAudit.getState().loadMore();
    const state = useAudit.getState();
    expect(state.rows.map((r) => r.seq)).toEqual(Array.from({ length: 450 }, (_, i) => 450 - i));
    expect(state.next).toBeNull();
    const pages = calls.filter((c) => c.channel === 'audit:query').map((c) => c.input);
    expect(pages).toEqual([
      { filter: { actions: ['secret.reveal'] }, limit: 200 },
      { filter: { actions: ['secret.reveal'] }, limit: 200, beforeSeq: 251 },
      { filter: { actions: ['secret.reveal'] }, limit: 200, beforeSeq: 51 },
    ]);
    await useAudit.getState().loadMore();
    expect(calls.filter((c) => c.channel === 'audit:query')).toHaveLength(3);
  });

  it('exports with the current filter, keeps a result that arrived before the call answered, and cancels by job id', async () => {
    await useAudit.getState().startExport(['csv']);
    expect(calls.find((c) => c.channel === 'audit:export')?.input).toEqual({ filter: { actions: ['secret.reveal'] }, formats: ['csv'] });
    const exporting = useAudit.getState().exporting;
    expect(exporting?.result?.rows).toBe(3);
    expect(exporting?.job?.state).toBe('done');
    await useAudit.getState().cancelExport();
    expect(calls.at(-1)).toEqual({ channel: 'jobs:cancel', input: { jobId: 'job-1' } });
  });
});
