import { create } from 'zustand';
import type { SecretMetadata, SecretSummary } from '../../../shared/domain';
import { api } from '../api';
import { explain, shownError } from '../errors';
import type { SearchIndex } from '../features/search/search-index';
import { changesSinceListed } from '../features/secrets/freshness';
import { DEFAULT_SORT, isKnown, nextSort, type SortKey, type SortSpec } from '../features/secrets/sort';
import { useConnections } from './connections';
import { SecretLoads, type EnvironmentLoad } from './secret-loads';
import { MetadataFill } from './secrets-fill';

export type Detail =
  | { state: 'loading'; environmentId: string; name: string }
  | {
      state: 'loaded';
      environmentId: string;
      name: string;
      metadata: SecretMetadata;
      /** When the list it was opened from was taken, and what changed since (empty: nothing known). */
      listedAt: number | null;
      changes: string[];
    }
  | { state: 'failed'; environmentId: string; name: string; error: string; gone: boolean };

export type ListView = 'list' | 'tree';

interface SecretsState {
  /** Per environment: state and count. The items themselves are read with secretItems(). */
  loads: Record<string, EnvironmentLoad>;
  /** Bumped when items changed, so lists re-filter. */
  revision: number;
  environmentId: string | null;
  filter: string;
  sort: SortSpec;
  view: ListView;
  selectedName: string | null;
  detail: Detail | null;
  /** A secret to bring into view once (opened from search); `token` tells repeats apart. */
  focus: { environmentId: string; name: string; token: number } | null;
  selectEnvironment(environmentId: string): void;
  reload(environmentId: string): Promise<void>;
  /** Lists again every environment listed (or tried) so far. */
  refreshAll(): void;
  /** Lists every environment not listed yet (search covers what is loaded). */
  loadAll(): void;
  setFilter(filter: string): void;
  sortBy(key: SortKey): void;
  setView(view: ListView): void;
  selectSecret(name: string | null): Promise<void>;
  /** From search: selects the environment, opens the secret and brings it into view. */
  openSecret(environmentId: string, name: string, filter?: string): void;
  /** Asks for the metadata of what is on screen (names-only rows). */
  fillOnScreen(environmentId: string, names: readonly string[]): void;
  /** Asks for every row still lacking `key` (a sort) or tags (a tag search). */
  fillAll(environmentId: string, key: SortKey | 'tags'): void;
}

const loads = new SecretLoads();
const FLUSH_MS = 80;
let pending = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let focusTokens = 0;

export function secretItems(environmentId: string): readonly SecretSummary[] {
  return loads.items(environmentId);
}

export function secretIndex(environmentId: string): SearchIndex | undefined {
  return loads.index(environmentId);
}

/** Why a row's metadata could not be filled in, if it could not. */
export function fillError(environmentId: string, name: string): string | undefined {
  return loads.fillError(environmentId, name);
}

function separatorOf(environmentId: string): string {
  return useConnections.getState().environments.find((environment) => environment.id === environmentId)?.nameMapping.separator ?? '/';
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

  const fill = new MetadataFill(
    async (environmentId, names) => (await api.secrets.metadataBatch({ environmentId, names })).items,
    (environmentId, generation, answers) => {
      if (loads.fill(environmentId, generation, answers)) schedule(environmentId);
    },
  );

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
    sort: DEFAULT_SORT,
    view: 'list',
    selectedName: null,
    detail: null,
    focus: null,
    selectEnvironment: (environmentId) => {
      if (get().environmentId !== environmentId) set({ environmentId, selectedName: null, detail: null, filter: '' });
      const state = loads.view(environmentId)?.state;
      if (state === undefined || state === 'failed' || state === 'cancelled') void get().reload(environmentId);
    },
    reload: async (environmentId) => {
      const replaced = loads.begin(environmentId, separatorOf(environmentId));
      fill.forget(environmentId);
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
    refreshAll: () => {
      for (const environmentId of Object.keys(get().loads)) {
        if (get().loads[environmentId]?.state !== 'loading') void get().reload(environmentId);
      }
    },
    loadAll: () => {
      for (const environment of useConnections.getState().environments) {
        if (!get().loads[environment.id]) void get().reload(environment.id);
      }
    },
    setFilter: (filter) => set({ filter }),
    sortBy: (key) => set({ sort: nextSort(get().sort, key) }),
    setView: (view) => set({ view }),
    selectSecret: async (name) => {
      const environmentId = get().environmentId;
      if (name === null || environmentId === null) {
        set({ selectedName: null, detail: null });
        return;
      }
      // What the list said when the operator opened it, to tell what changed since.
      const listedItem = loads.item(environmentId, name);
      const listed = listedItem ? { ...listedItem } : undefined;
      const listedAt = loads.view(environmentId)?.listedAt ?? null;
      set({ selectedName: name, detail: { state: 'loading', environmentId, name } });
      const current = () => get().detail?.environmentId === environmentId && get().detail?.name === name;
      try {
        const metadata = await api.secrets.metadata({ environmentId, name });
        const changes = listed ? changesSinceListed(listed, metadata) : [];
        // A names-only row learns what opening it read (a complete row keeps what was listed).
        const generation = loads.generation(environmentId);
        if (
          listedItem &&
          !listedItem.metadataComplete &&
          generation !== null &&
          loads.fill(environmentId, generation, [{ name, summary: metadata }])
        ) {
          schedule(environmentId);
        }
        if (current()) set({ detail: { state: 'loaded', environmentId, name, metadata, listedAt, changes } });
      } catch (error) {
        const shown = shownError(error);
        const gone = shown.code === 'NOT_FOUND' && listed !== undefined;
        if (current()) set({ detail: { state: 'failed', environmentId, name, error: explain(shown), gone } });
      }
    },
    openSecret: (environmentId, name, filter = '') => {
      get().selectEnvironment(environmentId);
      set({ filter, focus: { environmentId, name, token: ++focusTokens } });
      void get().selectSecret(name);
    },
    fillOnScreen: (environmentId, names) => {
      const generation = loads.generation(environmentId);
      if (generation === null) return;
      const wanted = names.filter((name) => loads.item(environmentId, name)?.metadataComplete === false && !loads.fillError(environmentId, name));
      fill.onScreen(environmentId, generation, wanted);
    },
    fillAll: (environmentId, key) => {
      const generation = loads.generation(environmentId);
      if (generation === null) return;
      const lacking = (item: SecretSummary) => (key === 'tags' ? !item.metadataComplete : !isKnown(item, key));
      const wanted = loads
        .items(environmentId)
        .filter((item) => lacking(item) && !loads.fillError(environmentId, item.name))
        .map((item) => item.name);
      if (wanted.length > 0) fill.background(environmentId, generation, wanted);
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
