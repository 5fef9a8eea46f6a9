import { create } from 'zustand';
import type { ErrorCode } from '../../../shared/errors';
import type { NativeInfo, RotationPlan, RotationView } from '../../../shared/ipc/channels/rotation';
import { api } from '../api';
import { explain, shownError } from '../errors';
import { withStepUp } from '../features/mfa/with-step-up';

type SecretRef = { environmentId: string; name: string };

interface RotationState {
  rotations: RotationView[];
  selectedId: string | null;
  /** The plan form is open instead of a runbook. */
  planning: boolean;
  busy: boolean;
  error: string | null;
  /** The code of the last refusal: MFA_CODE_REQUIRED shows the code field where the path was not known to be protected. */
  errorCode: ErrorCode | null;
  load(): Promise<void>;
  select(id: string | null): void;
  plan(open: boolean): void;
  start(plan: RotationPlan, reason: string): Promise<boolean>;
  confirm(id: string, step: 'apply' | 'promote', code: string, checklist?: boolean[]): Promise<boolean>;
  resume(id: string): Promise<void>;
  abort(id: string): Promise<void>;
  /** Re-reads one rotation (a native one is followed in main; the runbook polls while it runs). */
  refresh(id: string): Promise<void>;
  startNative(secret: SecretRef, immediately: boolean, code: string, reason: string): Promise<boolean>;
  cancelNative(id: string, code: string): Promise<boolean>;
  /** Removes AWSPENDING from `version`; answers where rotation now stands, or null when refused. */
  cleanPending(secret: SecretRef, version: string, code: string, reason: string): Promise<NativeInfo | null>;
}

const given = (code: string) => (code.trim() ? { code: code.trim() } : {});
const why = (reason: string | undefined) => (reason?.trim() ? { reason: reason.trim() } : {});

/**
 * The Rotation page: every rotation (newest first) and the one shown as a runbook. Main holds the
 * state machine; this store only mirrors the views main answers with, so a restart shows exactly
 * where a rotation stopped. No value is kept here (a manually entered one is sent once, on start;
 * a fresh code once, with the call it authorises).
 */
export const useRotation = create<RotationState>()((set, get) => {
  const mirror = (view: RotationView) =>
    set((state) => ({
      rotations: state.rotations.some((r) => r.id === view.id)
        ? state.rotations.map((r) => (r.id === view.id ? view : r))
        : [view, ...state.rotations],
    }));
  const replace = (view: RotationView) => {
    mirror(view);
    set({ selectedId: view.id });
  };
  const refused = async (caught: unknown) => {
    const error = shownError(caught);
    set({ busy: false, error: explain(error), errorCode: error.code });
    // A refusal may have changed nothing, or the rotation moved on elsewhere: show what main has.
    await get().load();
  };

  /** Runs a call, mirrors the view it answers and turns a refusal into words; true when it went through. */
  const run = async (call: () => Promise<RotationView>): Promise<boolean> => {
    set({ busy: true, error: null, errorCode: null });
    try {
      replace(await call());
      set({ busy: false });
      return true;
    } catch (caught) {
      await refused(caught);
      return false;
    }
  };

  /** As run, through the step-up dialog when main asks for a grant first. */
  const gated = async <T>(attempt: (reason: string | undefined) => Promise<T>, purpose: string, reason: string): Promise<T | null> => {
    set({ busy: true, error: null, errorCode: null });
    const outcome = await withStepUp(attempt, { purpose, ...why(reason) });
    if (outcome.ok) {
      set({ busy: false });
      return outcome.value;
    }
    if (outcome.error) await refused(outcome.error);
    else set({ busy: false });
    return null;
  };

  return {
    rotations: [],
    selectedId: null,
    planning: false,
    busy: false,
    error: null,
    errorCode: null,
    async load() {
      try {
        const { rotations } = await api.rotation.list({});
        set((state) => ({ rotations, selectedId: state.selectedId ?? rotations[0]?.id ?? null }));
      } catch (caught) {
        set({ error: explain(shownError(caught)) });
      }
    },
    select: (id) => set({ selectedId: id, planning: false, error: null, errorCode: null }),
    plan: (open) => set({ planning: open, error: null, errorCode: null }),
    async start(plan, reason) {
      const started = await run(() => api.rotation.start({ plan, ...why(reason) }));
      if (started) set({ planning: false });
      return started;
    },
    confirm: (id, step, code, checklist) => run(() => api.rotation.confirm({ id, step, ...given(code), ...(checklist ? { checklist } : {}) })),
    resume: async (id) => void (await run(() => api.rotation.resume({ id }))),
    abort: async (id) => void (await run(() => api.rotation.abort({ id }))),
    async refresh(id) {
      try {
        mirror(await api.rotation.get({ id }));
      } catch {
        // A missed poll is retried by the next one; a refusal of a real action is what gets shown.
      }
    },
    async startNative(secret, immediately, code, reason) {
      const view = await gated(
        (r) => api.rotation.startNative({ secret, immediately, ...given(code), ...why(r) }),
        `${immediately ? 'Rotate' : 'Test the rotation of'} ${secret.name} with its AWS rotation function`,
        reason,
      );
      if (view) set({ planning: false });
      if (view) replace(view);
      return view !== null;
    },
    async cancelNative(id, code) {
      const name = get().rotations.find((r) => r.id === id)?.name ?? 'the secret';
      const view = await gated(() => api.rotation.cancelNative({ id, ...given(code) }), `Cancel the AWS rotation of ${name}`, '');
      if (view) replace(view);
      return view !== null;
    },
    cleanPending: (secret, version, code, reason) =>
      gated((r) => api.rotation.cleanPending({ secret, version, ...given(code), ...why(r) }), `Remove AWSPENDING from ${secret.name}`, reason),
  };
});

export function rotationById(rotations: readonly RotationView[], id: string | null): RotationView | undefined {
  return rotations.find((r) => r.id === id);
}
