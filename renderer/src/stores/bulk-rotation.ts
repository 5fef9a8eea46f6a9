import { create } from 'zustand';
import type { BulkTemplate, BulkView } from '../../../shared/ipc/channels/rotation';
import { api } from '../api';
import { explain, shownError } from '../errors';
import { useRotation } from './rotation';

export interface BulkItem {
  environmentId: string;
  name: string;
}

export interface BulkRequest {
  items: BulkItem[];
  template: BulkTemplate;
  continueOnFailure: boolean;
  checklist?: boolean[];
  code?: string;
  reason?: string;
}

interface BulkRotationState {
  /** Every bulk rotation, newest first. */
  bulks: BulkView[];
  selectedId: string | null;
  /** The secret picker (the Rotation page's entry point) is open. */
  picking: boolean;
  /** The dialog is open with these items (after the picker). */
  dialogItems: BulkItem[] | null;
  /** The run view is folded to its tabs. */
  collapsed: boolean;
  error: string | null;
  load(): Promise<void>;
  collapse(collapsed: boolean): void;
  refresh(id: string): Promise<void>;
  select(id: string | null): void;
  pick(open: boolean): void;
  openDialog(items: BulkItem[] | null): void;
  /** Starts a bulk and selects it; main's refusal is thrown as it came (for the step-up retry). */
  start(request: BulkRequest): Promise<BulkView>;
  cancel(id: string): Promise<void>;
}

const POLL_MS = 1000;
let poll: ReturnType<typeof setInterval> | null = null;

const newestFirst = (bulks: BulkView[]) => [...bulks].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/**
 * Bulk rotations as main reports them (rotation:bulkList / bulkGet): a running one is read again
 * every second (while the window shows) and on each of its job's progress events until it ends. Holds no value or code.
 */
export const useBulkRotation = create<BulkRotationState>()((set, get) => {
  const replace = (view: BulkView) => {
    const before = get().bulks.find((b) => b.id === view.id);
    // An item started or ended: the Rotation page's list shows its rotation.
    const moved = before === undefined || before.items.some((item, index) => item.status !== view.items[index]?.status);
    set((state) => ({
      bulks: state.bulks.some((b) => b.id === view.id) ? state.bulks.map((b) => (b.id === view.id ? view : b)) : newestFirst([view, ...state.bulks]),
    }));
    if (moved) void useRotation.getState().load();
    follow();
  };

  /** Polls while a bulk runs; stops once none does. */
  const follow = () => {
    const running = get().bulks.filter((b) => b.status === 'running');
    if (running.length === 0) {
      if (poll !== null) clearInterval(poll);
      poll = null;
      return;
    }
    poll ??= setInterval(() => {
      // A hidden window reads nothing; the first tick once it shows catches up.
      if (globalThis.document?.hidden) return;
      for (const bulk of get().bulks) if (bulk.status === 'running') void get().refresh(bulk.id);
    }, POLL_MS);
  };

  api.on('job:progress', (job) => {
    const bulk = get().bulks.find((b) => b.jobId === job.id);
    if (bulk) void get().refresh(bulk.id);
  });

  return {
    bulks: [],
    selectedId: null,
    picking: false,
    dialogItems: null,
    collapsed: false,
    error: null,
    collapse: (collapsed) => set({ collapsed }),
    async load() {
      try {
        const { bulks } = await api.rotation.bulkList({});
        set((state) => ({ bulks: newestFirst(bulks), selectedId: state.selectedId ?? bulks[0]?.id ?? null, error: null }));
        follow();
      } catch (caught) {
        set({ error: explain(shownError(caught)) });
      }
    },
    async refresh(id) {
      try {
        replace(await api.rotation.bulkGet({ id }));
      } catch (caught) {
        set({ error: explain(shownError(caught)) });
      }
    },
    select: (id) => set({ selectedId: id, error: null }),
    pick: (picking) => set({ picking, error: null }),
    openDialog: (dialogItems) => set({ dialogItems, picking: false }),
    async start(request) {
      const bulk = await api.rotation.bulkStart({
        items: request.items,
        template: request.template,
        continueOnFailure: request.continueOnFailure,
        ...(request.checklist ? { checklist: request.checklist } : {}),
        ...(request.code?.trim() ? { code: request.code.trim() } : {}),
        ...(request.reason?.trim() ? { reason: request.reason.trim() } : {}),
      });
      replace(bulk);
      set({ selectedId: bulk.id, collapsed: false, error: null });
      return bulk;
    },
    async cancel(id) {
      try {
        replace(await api.rotation.bulkCancel({ id }));
      } catch (caught) {
        set({ error: explain(shownError(caught)) });
      }
    },
  };
});
