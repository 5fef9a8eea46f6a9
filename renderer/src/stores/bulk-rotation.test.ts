import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BulkView } from '../../../shared/ipc/channels/rotation';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Handler[]>();
const emit = (name: string, payload: unknown) => handlers.get(name)?.forEach((handler) => handler(payload));
const calls: { channel: string; input: unknown }[] = [];

const ENV = '00000000-0000-4000-8000-000000000001';
const BULK = '00000000-0000-4000-8000-000000000002';
const JOB = '00000000-0000-4000-8000-000000000003';

/** main's one bulk: each bulkGet moves it one item on, until every item completed. */
let view: BulkView;
const step = () => {
  const next = view.items.findIndex((i) => i.status !== 'completed');
  const items = view.items.map((item, index) => (index === next ? { ...item, status: 'completed' as const } : item));
  view = { ...view, items, status: items.every((i) => i.status === 'completed') ? 'completed' : 'running' };
};

const fakeApi = {
  on(name: string, handler: Handler) {
    handlers.set(name, [...(handlers.get(name) ?? []), handler]);
    return () => undefined;
  },
  rotation: {
    list: async () => {
      calls.push({ channel: 'rotation:list', input: {} });
      return { rotations: [] };
    },
    bulkList: async () => ({ bulks: [] }),
    bulkStart: async (input: unknown) => {
      calls.push({ channel: 'rotation:bulkStart', input });
      view = {
        id: BULK,
        status: 'running',
        continueOnFailure: false,
        summary: 'random',
        items: ['a', 'b', 'c'].map((name) => ({ environmentId: ENV, name, status: 'pending' as const })),
        jobId: JOB,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      };
      return view;
    },
    bulkGet: async (input: unknown) => {
      calls.push({ channel: 'rotation:bulkGet', input });
      step();
      return view;
    },
    bulkCancel: async (input: unknown) => {
      calls.push({ channel: 'rotation:bulkCancel', input });
      return view;
    },
  },
};

let useBulkRotation: (typeof import('./bulk-rotation'))['useBulkRotation'];

beforeAll(async () => {
  vi.stubGlobal('window', { keyhole: fakeApi });
  ({ useBulkRotation } = await import('./bulk-rotation'));
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const count = (channel: string) => calls.filter((c) => c.channel === channel).length;

describe('bulk rotation store', () => {
  it('sends a code and a reason only when given, and selects the bulk it started', async () => {
    vi.useFakeTimers();
    await useBulkRotation.getState().start({
      items: [{ environmentId: ENV, name: 'a' }],
      template: { kind: 'aws-native', immediately: true },
      continueOnFailure: false,
      code: '  ',
      reason: ' rotate ',
    });
    expect(calls.find((c) => c.channel === 'rotation:bulkStart')?.input).toEqual({
      items: [{ environmentId: ENV, name: 'a' }],
      template: { kind: 'aws-native', immediately: true },
      continueOnFailure: false,
      reason: 'rotate',
    });
    expect(useBulkRotation.getState().selectedId).toBe(BULK);
    expect(count('rotation:list')).toBe(1);
  });

  it('reads nothing while the window is hidden', async () => {
    const page = { hidden: true };
    vi.stubGlobal('document', page);
    await vi.advanceTimersByTimeAsync(3000);
    expect(count('rotation:bulkGet')).toBe(0);
    page.hidden = false;
  });

  it('reads a running bulk every second and on its job progress, and stops once it ended', async () => {
    await vi.advanceTimersByTimeAsync(1000);
    expect(count('rotation:bulkGet')).toBe(1);
    emit('job:progress', { id: JOB, kind: 'rotation-bulk', label: '', state: 'running', done: 1, total: 3, startedAt: '', error: null });
    await vi.waitFor(() => expect(count('rotation:bulkGet')).toBe(2));
    // An unrelated job changes nothing.
    emit('job:progress', { id: ENV, kind: 'diff', label: '', state: 'running', done: 1, total: 3, startedAt: '', error: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(count('rotation:bulkGet')).toBe(3);
    expect(useBulkRotation.getState().bulks[0]?.status).toBe('completed');
    // Each item that moved had the rotation list read again.
    expect(count('rotation:list')).toBe(4);
    await vi.advanceTimersByTimeAsync(5000);
    expect(count('rotation:bulkGet')).toBe(3);
  });

  it('cancels by bulk id', async () => {
    await useBulkRotation.getState().cancel(BULK);
    expect(calls.at(-1)).toEqual({ channel: 'rotation:bulkCancel', input: { id: BULK } });
  });
});
