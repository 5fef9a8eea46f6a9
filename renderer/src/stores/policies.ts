import { create } from 'zustand';
import type { DueReport, PolicyScope, PolicyView } from '../../../shared/ipc/channels/policies';
import type { JobView } from '../../../shared/ipc/contract';
import { api } from '../api';
import { explain, shownError } from '../errors';
import type { BucketId } from '../features/policies/buckets';
import { keepShown, NO_SELECTION, type Selection } from '../features/policies/selection';
import { useMfa } from './mfa';
import { useNotices } from './notices';

export type DueSort = { key: 'due' | 'name'; dir: 'asc' | 'desc' };

/** What the policy dialog edits: one environment or one secret, named for the operator. */
export interface PolicyTarget {
  scope: PolicyScope;
  /** "Sandbox Vault / staging" or a secret's name in it. */
  label: string;
  protected: boolean;
  /** Keyhole's interval on this scope now, if any. */
  current?: number | undefined;
  /** For a secret: its environment's Keyhole interval, which applies when the secret has none. */
  inherited?: number | undefined;
}

/** What a save or clear came to: done, or words for the dialog (and whether a fresh code would get past it). */
export type PolicyOutcome = { ok: true } | { ok: false; message: string; needsCode: boolean };

interface PoliciesState {
  policies: PolicyView[];
  policiesError: string | null;
  report: DueReport | null;
  running: boolean;
  job: JobView | null;
  error: string | null;
  /** '' for every environment. */
  environmentId: string;
  bucket: BucketId | null;
  /** Part of a name, case-insensitive. */
  nameFilter: string;
  sort: DueSort;
  selection: Selection;
  bulkOpen: boolean;
  editing: PolicyTarget | null;
  /** Bumped after every change, so open views (the secret detail's Rotation section) read again. */
  changes: number;
  loadPolicies(): Promise<void>;
  runDue(): Promise<void>;
  cancelDue(): Promise<void>;
  setEnvironment(environmentId: string): void;
  setBucket(bucket: BucketId | null): void;
  setNameFilter(text: string): void;
  sortBy(key: DueSort['key']): void;
  setSelection(selection: Selection, shown?: readonly string[]): void;
  setBulkOpen(open: boolean): void;
  edit(target: PolicyTarget | null): void;
  save(target: PolicyTarget, intervalDays: number, reason: string, code: string): Promise<PolicyOutcome>;
  clear(target: PolicyTarget, reason: string, code: string): Promise<PolicyOutcome>;
}

const WITHOUT_MFA =
  'This lengthens or clears a rotation policy on a protected path, so it needs a fresh code from your authenticator: set up two-factor authentication (Settings) first. Nothing was changed.';

let generation = 0;

export function rowKey(item: { environmentId: string; name: string }): string {
  return `${item.environmentId}\n${item.name}`;
}

/** Refusals a fresh code from the authenticator would get past (or that concern the code given). */
const CODE_ERRORS = new Set(['MFA_CODE_REQUIRED', 'MFA_CODE_REJECTED', 'MFA_CODE_REUSED', 'MFA_LOCKED_OUT']);

/**
 * Runs a policy change. Lengthening or clearing an interval on a protected path needs a fresh code
 * with the call itself (policy:set / policy:clear take `code`; a step-up grant does not count), so
 * a PROTECTED_CHANGE refusal asks the dialog for one rather than opening the step-up dialog.
 */
async function change(
  target: PolicyTarget,
  reason: string,
  code: string,
  call: (fields: { reason?: string; code?: string }) => Promise<unknown>,
): Promise<PolicyOutcome> {
  const trimmed = code.trim();
  try {
    await call({ ...(reason.trim() ? { reason: reason.trim() } : {}), ...(trimmed ? { code: trimmed } : {}) });
    return { ok: true };
  } catch (caught) {
    const error = shownError(caught);
    const enrolled = useMfa.getState().status?.enrolled === true;
    if (error.code === 'PROTECTED_CHANGE')
      return enrolled
        ? {
            ok: false,
            message: `Lengthening or clearing the policy of ${target.label} is a protected change: enter a fresh code from your authenticator. Nothing was changed.`,
            needsCode: true,
          }
        : { ok: false, message: WITHOUT_MFA, needsCode: false };
    if (CODE_ERRORS.has(error.code)) return { ok: false, message: `${explain(error)}. Nothing was changed.`, needsCode: true };
    return { ok: false, message: explain(error), needsCode: false };
  }
}

/**
 * The Policies page: Keyhole's policies, the due report (a job: main reports progress) and the
 * table's filter, sort and selection. Holds names and dates only.
 */
export const usePolicies = create<PoliciesState>()((set, get) => {
  api.on('job:progress', (job) => {
    if (get().running && job.kind.startsWith('polic')) set({ job });
  });

  const changed = async (message: string) => {
    set({ changes: get().changes + 1 });
    useNotices.getState().push('info', message);
    await get().loadPolicies();
    if (get().report !== null || get().error !== null) void get().runDue();
  };

  return {
    policies: [],
    policiesError: null,
    report: null,
    running: false,
    job: null,
    error: null,
    environmentId: '',
    bucket: null,
    nameFilter: '',
    sort: { key: 'due', dir: 'asc' },
    selection: NO_SELECTION,
    bulkOpen: false,
    editing: null,
    changes: 0,
    loadPolicies: async () => {
      try {
        const { policies } = await api.policy.list({});
        set({ policies, policiesError: null });
      } catch (error) {
        set({ policiesError: explain(shownError(error)) });
      }
    },
    runDue: async () => {
      const mine = ++generation;
      const { environmentId } = get();
      set({ running: true, job: null, error: null });
      try {
        const report = await api.policy.due({ environmentIds: environmentId ? [environmentId] : [] });
        if (mine !== generation) return;
        set({ report, running: false, job: null });
      } catch (error) {
        if (mine !== generation) return;
        const shown = shownError(error);
        set({ running: false, job: null, error: shown.code === 'CANCELLED' ? 'Cancelled: the report was not finished.' : explain(shown) });
      }
    },
    cancelDue: async () => {
      const job = get().job;
      if (!job) return;
      await api.jobs.cancel({ jobId: job.id }).catch(() => undefined);
    },
    setEnvironment: (environmentId) => {
      set({ environmentId, bucket: null, selection: NO_SELECTION });
      void get().runDue();
    },
    setBucket: (bucket) => set({ bucket: get().bucket === bucket ? null : bucket }),
    setNameFilter: (nameFilter) => set({ nameFilter }),
    sortBy: (key) => {
      const sort = get().sort;
      set({ sort: sort.key === key ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' } });
    },
    setSelection: (selection, shown) => set({ selection: shown ? keepShown(selection, shown) : selection }),
    setBulkOpen: (bulkOpen) => set({ bulkOpen }),
    edit: (editing) => set({ editing }),
    save: async (target, intervalDays, reason, code) => {
      const outcome = await change(target, reason, code, (fields) => api.policy.set({ scope: target.scope, intervalDays, ...fields }));
      if (outcome.ok) await changed(`Policy saved: ${target.label}, every ${intervalDays} days`);
      return outcome;
    },
    clear: async (target, reason, code) => {
      const outcome = await change(target, reason, code, (fields) => api.policy.clear({ scope: target.scope, ...fields }));
      if (outcome.ok) await changed(`Policy cleared: ${target.label}`);
      return outcome;
    },
  };
});
