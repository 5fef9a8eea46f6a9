import { create } from 'zustand';
import type { RotationPlan, RotationView } from '../../../shared/ipc/channels/rotation';
import { api } from '../api';
import { explain, shownError } from '../errors';

interface RotationState {
  rotations: RotationView[];
  selectedId: string | null;
  /** The plan form is open instead of a runbook. */
  planning: boolean;
  busy: boolean;
  error: string | null;
  load(): Promise<void>;
  select(id: string | null): void;
  plan(open: boolean): void;
  start(plan: RotationPlan, reason: string): Promise<boolean>;
  confirm(id: string, step: 'apply' | 'promote', code: string, checklist?: boolean[]): Promise<boolean>;
  resume(id: string): Promise<void>;
  abort(id: string): Promise<void>;
}

/**
 * The Rotation page: every rotation (newest first) and the one shown as a runbook. Main holds the
 * state machine; this store only mirrors the views main answers with, so a restart shows exactly
 * where a rotation stopped. No value is kept here (a manually entered one is sent once, on start).
 */
export const useRotation = create<RotationState>()((set, get) => {
  const replace = (view: RotationView) =>
    set((state) => ({
      rotations: state.rotations.some((r) => r.id === view.id)
        ? state.rotations.map((r) => (r.id === view.id ? view : r))
        : [view, ...state.rotations],
      selectedId: view.id,
    }));

  /** Runs a call, mirrors the view it answers and turns a refusal into words; true when it went through. */
  const run = async (call: () => Promise<RotationView>): Promise<boolean> => {
    set({ busy: true, error: null });
    try {
      replace(await call());
      set({ busy: false });
      return true;
    } catch (caught) {
      set({ busy: false, error: explain(shownError(caught)) });
      // A refusal may have changed nothing, or the rotation moved on elsewhere: show what main has.
      await get().load();
      return false;
    }
  };

  return {
    rotations: [],
    selectedId: null,
    planning: false,
    busy: false,
    error: null,
    async load() {
      try {
        const { rotations } = await api.rotation.list({});
        set((state) => ({ rotations, selectedId: state.selectedId ?? rotations[0]?.id ?? null }));
      } catch (caught) {
        set({ error: explain(shownError(caught)) });
      }
    },
    select: (id) => set({ selectedId: id, planning: false, error: null }),
    plan: (open) => set({ planning: open, error: null }),
    async start(plan, reason) {
      const started = await run(() => api.rotation.start({ plan, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
      if (started) set({ planning: false });
      return started;
    },
    confirm: (id, step, code, checklist) =>
      run(() => api.rotation.confirm({ id, step, ...(code.trim() ? { code: code.trim() } : {}), ...(checklist ? { checklist } : {}) })),
    resume: async (id) => void (await run(() => api.rotation.resume({ id }))),
    abort: async (id) => void (await run(() => api.rotation.abort({ id }))),
  };
});

export function rotationById(rotations: readonly RotationView[], id: string | null): RotationView | undefined {
  return rotations.find((r) => r.id === id);
}
