import { create } from 'zustand';
import type { AuditEvent } from '../../../shared/audit';
import type { VersionInfo } from '../../../shared/domain';
import type { Output } from '../../../shared/ipc/channel';
import type { AppContract } from '../../../shared/ipc/contract';
import { api } from '../api';
import { explain, shownError } from '../errors';

export type Opened = Omit<Output<AppContract, 'history:open'>, 'page'>;
export type Comparison = Output<AppContract, 'history:compare'>;
export type ShownValues = Output<AppContract, 'history:compareValues'> & { dropsAt: number };

export interface SecretRef {
  environmentId: string;
  name: string;
}

const AUDIT_LIMIT = 500;

interface HistoryState {
  target: SecretRef | null;
  state: 'idle' | 'loading' | 'loaded' | 'failed';
  error: string | null;
  opened: Opened | null;
  versions: VersionInfo[];
  next: string | undefined;
  loadingMore: boolean;
  events: AuditEvent[];
  /** The two versions to compare: `a` older, `b` newer by default. */
  a: string | null;
  b: string | null;
  comparison: Comparison | null;
  comparing: boolean;
  compareError: string | null;
  /** Both values, only until `dropsAt` (revealSeconds) or a lock. */
  shown: ShownValues | null;
  open(target: SecretRef): Promise<void>;
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  pick(slot: 'a' | 'b', version: string): void;
  compare(): Promise<void>;
  setShown(shown: Output<AppContract, 'history:compareValues'>): void;
  dropShown(): void;
}

let dropTimer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;

/**
 * The History page: one secret's versions (a page at a time), this desk's audit events for it,
 * and a comparison of two versions. Values are held only in `shown`, and dropped after
 * revealSeconds and at once when Keyhole locks.
 */
export const useHistory = create<HistoryState>()((set, get) => {
  api.on('app:locked', () => get().dropShown());

  const loadEvents = async (target: SecretRef, connectionId: string, mine: number) => {
    try {
      const trail = await api.audit.secret({ environmentId: target.environmentId, connectionId, path: target.name, limit: AUDIT_LIMIT });
      if (mine === generation) set({ events: trail.events });
    } catch {
      if (mine === generation) set({ events: [] });
    }
  };

  /** The audit trail again, after an action of ours on this secret was recorded. */
  const reloadEvents = async () => {
    const { target, opened } = get();
    if (target && opened) await loadEvents(target, opened.connectionId, generation);
  };

  return {
    target: null,
    state: 'idle',
    error: null,
    opened: null,
    versions: [],
    next: undefined,
    loadingMore: false,
    events: [],
    a: null,
    b: null,
    comparison: null,
    comparing: false,
    compareError: null,
    shown: null,
    open: async (target) => {
      const mine = ++generation;
      const previous = get().target;
      const sameSecret = get().opened !== null && previous?.environmentId === target.environmentId && previous.name === target.name;
      get().dropShown();
      // Reloading the same secret keeps the view (and any open dialog) on screen until the fresh state arrives.
      set({ target, ...(sameSecret ? {} : { state: 'loading' as const }), error: null, comparison: null, compareError: null });
      try {
        const { page, ...opened } = await api.history.open(target);
        if (mine !== generation) return;
        const current = page.items.find((v) => v.current)?.id ?? page.items[0]?.id ?? null;
        const keep = (id: string | null) => (id !== null && page.items.some((v) => v.id === id) ? id : null);
        set({
          state: 'loaded',
          opened,
          versions: page.items,
          next: page.next,
          b: (sameSecret ? keep(get().b) : null) ?? current,
          a: (sameSecret ? keep(get().a) : null) ?? page.items.find((v) => v.id !== current && !v.deleted && !v.destroyed)?.id ?? null,
        });
        await loadEvents(target, opened.connectionId, mine);
      } catch (error) {
        if (mine === generation) set({ state: 'failed', error: explain(shownError(error)), opened: null, versions: [], next: undefined, events: [] });
      }
    },
    refresh: async () => {
      const target = get().target;
      if (target) await get().open(target);
    },
    loadMore: async () => {
      const { target, next, loadingMore } = get();
      if (!target || next === undefined || loadingMore) return;
      const mine = generation;
      set({ loadingMore: true });
      try {
        const page = await api.history.versions({ ...target, cursor: next });
        if (mine !== generation) return;
        const seen = new Set(get().versions.map((v) => v.id));
        set({ versions: [...get().versions, ...page.items.filter((v) => !seen.has(v.id))], next: page.next, loadingMore: false });
      } catch (error) {
        if (mine === generation) set({ loadingMore: false, error: explain(shownError(error)) });
      }
    },
    pick: (slot, version) => {
      get().dropShown();
      set({ [slot]: version, comparison: null, compareError: null } as Partial<HistoryState>);
    },
    compare: async () => {
      const { target, a, b } = get();
      if (!target || a === null || b === null) return;
      get().dropShown();
      set({ comparing: true, comparison: null, compareError: null });
      try {
        const comparison = await api.history.compare({ ...target, from: a, to: b });
        set({ comparison, comparing: false });
        await reloadEvents();
      } catch (error) {
        set({ comparing: false, compareError: explain(shownError(error)) });
      }
    },
    setShown: (shown) => {
      if (dropTimer !== null) clearTimeout(dropTimer);
      dropTimer = setTimeout(() => get().dropShown(), shown.revealSeconds * 1000);
      set({ shown: { ...shown, dropsAt: Date.now() + shown.revealSeconds * 1000 } });
      void reloadEvents();
    },
    dropShown: () => {
      if (dropTimer !== null) clearTimeout(dropTimer);
      dropTimer = null;
      if (get().shown !== null) set({ shown: null });
    },
  };
});
