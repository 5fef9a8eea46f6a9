import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DueReport } from '../../../shared/ipc/channels/policies';
import type { JobView, MfaStatus } from '../../../shared/ipc/contract';

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Handler[]>();
const emit = (name: string, payload: unknown) => handlers.get(name)?.forEach((handler) => handler(payload));
const calls: { channel: string; input: unknown }[] = [];
const ENV = '00000000-0000-4000-8000-000000000001';

/** What main answers next to policy:set, and how policy:due behaves. */
let setAnswer: { code: string; message: string } | null = null;
let dueGate: { release: (report: DueReport) => void; fail: (error: unknown) => void } | null = null;

const report: DueReport = {
  computedAt: '2026-06-01T00:00:00.000Z',
  items: [
    { environmentId: ENV, name: 'app/db', source: 'keyhole-environment', intervalDays: 90, dueAt: '2026-05-01T00:00:00.000Z', state: 'overdue' },
  ],
  unknown: 0,
  failed: [],
};

const job = (state: JobView['state']): JobView => ({
  id: 'job-due',
  kind: 'policy-due',
  label: 'Rotation due report',
  state,
  done: 0,
  total: 1,
  startedAt: 'x',
  error: null,
});

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
  policy: {
    list: async () => {
      calls.push({ channel: 'policy:list', input: {} });
      return { policies: [] };
    },
    due: (input: unknown) => {
      calls.push({ channel: 'policy:due', input });
      return new Promise<DueReport>((release, fail) => (dueGate = { release, fail }));
    },
    set: async (input: { scope: unknown; intervalDays: number }) => {
      calls.push({ channel: 'policy:set', input });
      if (setAnswer) throw setAnswer;
      return { scope: input.scope, intervalDays: input.intervalDays, updatedAt: 'x' };
    },
  },
};

let usePolicies: (typeof import('./policies'))['usePolicies'];
let useMfa: (typeof import('./mfa'))['useMfa'];

beforeAll(async () => {
  vi.stubGlobal('window', { keyhole: fakeApi });
  ({ usePolicies } = await import('./policies'));
  ({ useMfa } = await import('./mfa'));
});

afterAll(() => {
  vi.unstubAllGlobals();
});

beforeEach(() => {
  calls.length = 0;
  setAnswer = null;
});

const target = { scope: { kind: 'environment' as const, environmentId: ENV }, label: 'Vault / production', protected: true, current: 90 };

describe('policies store', () => {
  it('asks for the chosen environment only, follows the due job and cancels it by id', async () => {
    usePolicies.getState().setEnvironment(ENV);
    expect(calls.find((c) => c.channel === 'policy:due')?.input).toEqual({ environmentIds: [ENV] });
    expect(usePolicies.getState().running).toBe(true);
    emit('job:progress', job('running'));
    expect(usePolicies.getState().job?.id).toBe('job-due');
    await usePolicies.getState().cancelDue();
    expect(calls.find((c) => c.channel === 'jobs:cancel')?.input).toEqual({ jobId: 'job-due' });
    dueGate!.fail({ code: 'CANCELLED', message: 'Cancelled' });
    await vi.waitFor(() => expect(usePolicies.getState().running).toBe(false));
    expect(usePolicies.getState().error).toMatch(/^Cancelled/);
    expect(usePolicies.getState().report).toBeNull();
  });

  it('keeps the report, and all environments are asked for with an empty list', async () => {
    usePolicies.getState().setEnvironment('');
    expect(calls.find((c) => c.channel === 'policy:due')?.input).toEqual({ environmentIds: [] });
    dueGate!.release(report);
    await vi.waitFor(() => expect(usePolicies.getState().report).toEqual(report));
    expect(usePolicies.getState().job).toBeNull();
  });

  it('a protected refusal asks for a fresh code once two-factor is on, and says to set it up otherwise', async () => {
    setAnswer = { code: 'PROTECTED_CHANGE', message: 'protected' };
    useMfa.setState({ status: { enrolled: false } as MfaStatus });
    const without = await usePolicies.getState().save(target, 180, 'why', '');
    expect(without).toMatchObject({ ok: false, needsCode: false });
    expect(without.ok ? '' : without.message).toMatch(/set up two-factor/);

    useMfa.setState({ status: { enrolled: true } as MfaStatus });
    const enrolled = await usePolicies.getState().save(target, 180, 'why', '');
    expect(enrolled).toMatchObject({ ok: false, needsCode: true });

    setAnswer = { code: 'MFA_CODE_REJECTED', message: 'The code was not accepted' };
    expect(await usePolicies.getState().save(target, 180, 'why', '123456')).toMatchObject({ ok: false, needsCode: true });
  });

  it('sends the code and trimmed reason, then reads the policies and the report again', async () => {
    const changes = usePolicies.getState().changes;
    expect(await usePolicies.getState().save(target, 180, '  legacy stack  ', ' 123456 ')).toEqual({ ok: true });
    expect(calls.find((c) => c.channel === 'policy:set')?.input).toEqual({
      scope: target.scope,
      intervalDays: 180,
      reason: 'legacy stack',
      code: '123456',
    });
    expect(usePolicies.getState().changes).toBe(changes + 1);
    expect(calls.some((c) => c.channel === 'policy:list')).toBe(true);
    expect(calls.some((c) => c.channel === 'policy:due')).toBe(true);
    dueGate!.release(report);
  });
});
