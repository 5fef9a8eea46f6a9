import { create } from 'zustand';
import type { SecretMetadata, SecretSummary } from '../../../shared/domain';
import { api } from '../api';
import { explain, shownError } from '../errors';
import { SecretLoads, type EnvironmentLoad } from './secret-loads';

export type Detail =
  | { state: 'loading'; environmentId: string; name: string }
  | { state: 'loaded'; environmentId: string; name: string; metadata: SecretMetadata }
  | { state: 'failed'; environmentId: string; name: string; error: string };

interface SecretsState {
  /** Per environment: state and count. The items themselves are read with secretItems(). */
  loads: Record<string, EnvironmentLoad>;
  /** Bumped when items changed, so lists re-filter. */
  revision: number;
  environmentId: string | null;
  filter: string;
  selectedName: string | null;
  detail: Detail | null;
  selectEnvironment(environmentId: string): void;
  reload(environmentId: string): Promise<void>;
  setFilter(filter: string): void;
  selectSecret(name: string | null): Promise<void>;
}

const loads = new SecretLoads();
const FLUSH_MS = 80;
let pending = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;

export function secretItems(environmentId: string): readonly SecretSummary[] {
  return loads.items(environmentId);
}

export const useSecrets = create<SecretsState>()((set, get) => {
  const publish = (environmentId: string) => {
    const view = loads.view(environmentId);
    const next = { ...get().loads };
    if (view) next[environmentId] = view;
    else delete next[environmentId];
    set({ loads: next, revision: get().revision + 1 });
  };

  /** Pages can come hundreds a second: coalesce the re-renders. */
  const schedule = (environmentId: string) => {
    pending.add(environmentId);
    flushTimer ??= setTimeout(() => {
      const changed = pending;
      pending = new Set();
      flushTimer = null;
      for (const id of changed) publish(id);
    }, FLUSH_MS);
  };

  api.on('secrets:page', (page) => {
    if (loads.page(page)) schedule(page.environmentId);
  });
  api.on('job:progress', (job) => {
    const changed = loads.progress(job);
    if (changed) schedule(changed);
  });

  return {
    loads: {},
    revision: 0,
    environmentId: null,
    filter: '',
    selectedName: null,
    detail: null,
    selectEnvironment: (environmentId) => {
      if (get().environmentId !== environmentId) set({ environmentId, selectedName: null, detail: null, filter: '' });
      const state = loads.view(environmentId)?.state;
      if (state === undefined || state === 'failed' || state === 'cancelled') void get().reload(environmentId);
    },
    reload: async (environmentId) => {
      const replaced = loads.begin(environmentId);
      publish(environmentId);
      if (replaced) void api.jobs.cancel({ jobId: replaced }).catch(() => undefined);
      try {
        const { jobId } = await api.secrets.load({ environmentId });
        loads.started(environmentId, jobId);
      } catch (error) {
        loads.failed(environmentId, explain(shownError(error)));
      }
      publish(environmentId);
    },
    setFilter: (filter) => set({ filter }),
    selectSecret: async (name) => {
      const environmentId = get().environmentId;
      if (name === null || environmentId === null) {
        set({ selectedName: null, detail: null });
        return;
      }
      set({ selectedName: name, detail: { state: 'loading', environmentId, name } });
      const current = () => get().detail?.environmentId === environmentId && get().detail?.name === name;
      try {
        const metadata = await api.secrets.metadata({ environmentId, name });
        if (current()) set({ detail: { state: 'loaded', environmentId, name, metadata } });
      } catch (error) {
        if (current()) set({ detail: { state: 'failed', environmentId, name, error: explain(shownError(error)) } });
      }
    },
  };
});

/** A removed environment or connection drops what was loaded for it. */
export function forgetEnvironments(keep: ReadonlySet<string>): void {
  const state = useSecrets.getState();
  const gone = Object.keys(state.loads).filter((id) => !keep.has(id));
  for (const id of gone) loads.forget(id);
  if (gone.length === 0 && (state.environmentId === null || keep.has(state.environmentId))) return;
  const next = Object.fromEntries(Object.entries(state.loads).filter(([id]) => keep.has(id)));
  const environmentId = state.environmentId !== null && keep.has(state.environmentId) ? state.environmentId : null;
  useSecrets.setState({
    loads: next,
    environmentId,
    ...(environmentId === null ? { selectedName: null, detail: null } : {}),
    revision: state.revision + 1,
  });
}
