import { create } from 'zustand';
import type { Output } from '../../../shared/ipc/channel';
import type { DiffDefinition, DiffResult, PromotionSummary } from '../../../shared/ipc/channels/diff';
import type { AppContract, JobView } from '../../../shared/ipc/contract';
import { api } from '../api';
import { explain, shownError } from '../errors';
import { withStepUp } from '../features/mfa/with-step-up';
import type { DiffFilter, DiffSort } from '../features/diff/rows';

export { visibleRows, type DiffFilter, type DiffSort } from '../features/diff/rows';

export type ComparedValues = Output<AppContract, 'diff:compare'> & { name: string; dropsAt: number };

interface DiffState {
  a: string;
  b: string;
  renames: Array<{ a: string; b: string }>;
  job: JobView | null;
  result: DiffResult | null;
  error: string | null;
  filter: DiffFilter;
  query: string;
  sort: DiffSort;
  selected: ReadonlySet<string>;
  focused: string | null;
  /** Both values of one row, only until `dropsAt` (revealSeconds) or a lock. */
  shown: ComparedValues | null;
  definitions: DiffDefinition[];
  /** Something was promoted or undone since this diff ran: its statuses are out of date. */
  stale: boolean;
  /** Recent promotions as main keeps them (across restarts); null until loaded. */
  promotions: PromotionSummary[] | null;
  promotionsError: string | null;
  /** Asked (from the palette) to open the Recent promotions section and move focus to it. */
  revealPromotions: boolean;
  /** A promote or an undo happened: the diff is out of date and the promotions list is reloaded. */
  markStale(): void;
  loadPromotions(): Promise<void>;
  setRevealPromotions(reveal: boolean): void;
  pick(side: 'a' | 'b', environmentId: string): void;
  run(): Promise<void>;
  cancel(): Promise<void>;
  setFilter(filter: DiffFilter): void;
  setQuery(query: string): void;
  setSort(sort: DiffSort): void;
  toggle(name: string): void;
  selectAll(names: string[], on: boolean): void;
  focus(name: string | null): void;
  setShown(name: string, values: Output<AppContract, 'diff:compare'>): void;
  dropShown(): void;
  loadDefinitions(): Promise<void>;
  useDefinition(definition: DiffDefinition): void;
  refreshResult(): Promise<void>;
}

let dropTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * The Diff page: two environments, the diff job's progress and its statuses. main keeps the
 * fingerprints; values arrive only through diff:compare and are dropped after revealSeconds and
 * at once on lock.
 */
export const useDiff = create<DiffState>()((set, get) => {
  api.on('app:locked', () => get().dropShown());
  api.on('job:progress', (job) => {
    if (job.id !== get().job?.id) return;
    set({ job });
    if (job.state !== 'running') void get().refreshResult();
  });

  return {
    a: '',
    b: '',
    renames: [],
    job: null,
    result: null,
    error: null,
    filter: 'changed',
    query: '',
    sort: 'name',
    selected: new Set(),
    focused: null,
    shown: null,
    definitions: [],
    stale: false,
    promotions: null,
    promotionsError: null,
    revealPromotions: false,
    setRevealPromotions: (revealPromotions) => set({ revealPromotions }),
    markStale: () => {
      if (get().result) set({ stale: true });
      void get().loadPromotions();
    },
    loadPromotions: async () => {
      try {
        set({ promotions: (await api.diff.promotions({})).promotions, promotionsError: null });
      } catch (error) {
        set({ promotionsError: explain(shownError(error)) });
      }
    },
    pick: (side, environmentId) => set(side === 'a' ? { a: environmentId } : { b: environmentId }),
    run: async () => {
      const { a, b, renames } = get();
      if (a === '' || b === '') return;
      get().dropShown();
      set({ error: null, result: null, selected: new Set(), focused: null, job: null, stale: false });
      // Reading a protected environment needs a step-up: the dialog opens, then the diff starts.
      const started = await withStepUp(() => api.diff.start({ a, b, renames }), { purpose: 'Diff environments, one of them protected' });
      if (!started.ok) {
        if (started.error) set({ error: explain(started.error) });
        return;
      }
      const { jobId, diffId } = started.value;
      diffIds.set(jobId, diffId);
      set({ job: { id: jobId, kind: 'diff', label: '', state: 'running', done: 0, total: null, startedAt: '', error: null } });
      try {
        // The job may have finished before its id came back.
        const view = (await api.jobs.list({})).jobs.find((j) => j.id === jobId);
        if (view && view.state !== 'running') {
          set({ job: view });
          await get().refreshResult();
        }
      } catch (error) {
        set({ error: explain(shownError(error)) });
      }
    },
    cancel: async () => {
      const job = get().job;
      if (job) await api.jobs.cancel({ jobId: job.id }).catch(() => undefined);
    },
    refreshResult: async () => {
      const job = get().job;
      const diffId = job ? diffIds.get(job.id) : undefined;
      if (diffId === undefined) return;
      try {
        const result = await api.diff.result({ diffId });
        if (get().job?.id !== job?.id) return;
        set({ result, error: result.state === 'failed' && job?.error ? explain(shownError(job.error)) : null });
      } catch (error) {
        set({ error: explain(shownError(error)) });
      }
    },
    setFilter: (filter) => set({ filter }),
    setQuery: (query) => set({ query }),
    setSort: (sort) => set({ sort }),
    toggle: (name) => {
      const selected = new Set(get().selected);
      if (selected.has(name)) selected.delete(name);
      else selected.add(name);
      set({ selected });
    },
    selectAll: (names, on) => {
      const selected = new Set(get().selected);
      for (const name of names) {
        if (on) selected.add(name);
        else selected.delete(name);
      }
      set({ selected });
    },
    focus: (focused) => {
      if (get().shown?.name !== focused) get().dropShown();
      set({ focused });
    },
    setShown: (name, values) => {
      if (dropTimer) clearTimeout(dropTimer);
      const dropsAt = Date.now() + values.revealSeconds * 1000;
      dropTimer = setTimeout(() => get().dropShown(), values.revealSeconds * 1000);
      set({ shown: { ...values, name, dropsAt } });
    },
    dropShown: () => {
      if (dropTimer) clearTimeout(dropTimer);
      dropTimer = null;
      if (get().shown) set({ shown: null });
    },
    loadDefinitions: async () => {
      try {
        set({ definitions: (await api.diff.definitions({})).definitions });
      } catch {
        set({ definitions: [] });
      }
    },
    useDefinition: (definition) => set({ a: definition.aEnvironmentId, b: definition.bEnvironmentId, renames: definition.renames }),
  };
});

/** Job id → diff id, so a progress event can fetch its diff's rows. */
const diffIds = new Map<string, string>();
