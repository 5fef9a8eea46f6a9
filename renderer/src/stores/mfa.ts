import { create } from 'zustand';
import type { MfaStatus } from '../../../shared/ipc/contract';
import { api } from '../api';
import { explain, shownError } from '../errors';
import { useNotices } from './notices';

export interface StepUpOptions {
  /** What the step-up is for, in the dialog's words: "Reveal app/db in production". */
  purpose: string;
  /** Ask for a reason, which the retried call records in the audit event. */
  askReason?: boolean;
}

export interface StepUpResult {
  /** The operator's reason, trimmed; absent when none was asked for or given. */
  reason?: string;
}

interface PendingStepUp extends StepUpOptions {
  id: number;
  settle(result: StepUpResult | null): void;
}

export type LockReason = 'command' | 'idle' | 'startup';

interface MfaState {
  /** Null until main answers mfa:status (or when it could not). */
  status: MfaStatus | null;
  /** The first mfa:status call has settled: the app knows whether to show the lock screen. */
  ready: boolean;
  /** Core's clock minus this one's, from the last status: count down against coreNow(). */
  offsetMs: number;
  lockReason: LockReason;
  enrollOpen: boolean;
  /** Settings' "New recovery codes…" or "Turn off two-factor…" dialog (opened there or from the palette). */
  settingsDialog: 'codes' | 'off' | null;
  stepUp: PendingStepUp | null;
  load(): Promise<void>;
  setEnrollOpen(open: boolean): void;
  setSettingsDialog(dialog: 'codes' | 'off' | null): void;
  /** Opens the step-up dialog; resolves once a grant started (with the reason), or null if cancelled. */
  requestStepUp(options: StepUpOptions): Promise<StepUpResult | null>;
  settleStepUp(result: StepUpResult | null): void;
}

let nextStepUp = 1;

/**
 * Enrollment, grant, lock and lockout as main reports them (mfa:status, mfa:changed, app:locked),
 * plus the one step-up dialog and the enrollment dialog. Holds no code, secret or value.
 */
export const useMfa = create<MfaState>()((set, get) => {
  const received = (status: MfaStatus) => {
    const parsed = Date.parse(status.now);
    set({ status, ready: true, offsetMs: Number.isNaN(parsed) ? 0 : parsed - Date.now() });
  };
  const cancelDialogs = () => {
    get().stepUp?.settle(null);
    set({ stepUp: null, enrollOpen: false, settingsDialog: null });
  };

  api.on('mfa:changed', (status) => {
    const wasLocked = get().status?.locked === true;
    received(status);
    if (status.locked && !wasLocked) cancelDialogs();
  });
  api.on('app:locked', ({ reason }) => {
    const status = get().status;
    cancelDialogs();
    set({ lockReason: reason, ...(status ? { status: { ...status, locked: true, grantExpiresAt: null } } : {}) });
  });

  return {
    status: null,
    ready: false,
    offsetMs: 0,
    lockReason: 'startup',
    enrollOpen: false,
    settingsDialog: null,
    stepUp: null,
    load: async () => {
      try {
        received(await api.mfa.status({}));
      } catch {
        set({ ready: true });
      }
    },
    setEnrollOpen: (enrollOpen) => set({ enrollOpen }),
    setSettingsDialog: (settingsDialog) => set({ settingsDialog }),
    requestStepUp: (options) =>
      new Promise((resolve) => {
        get().stepUp?.settle(null);
        set({ stepUp: { ...options, id: nextStepUp++, settle: resolve } });
      }),
    settleStepUp: (result) => {
      const pending = get().stepUp;
      set({ stepUp: null });
      pending?.settle(result);
    },
  };
});

/** Core's clock now (the e2e host's test clock can run ahead of this one). */
export function coreNow(): number {
  return Date.now() + useMfa.getState().offsetMs;
}

/** Locks now (the Lock button, Ctrl/Cmd+L, the palette); main's app:locked does the rest. */
export function lockNow(): void {
  api.app.lock({}).catch((error: unknown) => useNotices.getState().push('error', `Keyhole could not lock: ${explain(shownError(error))}`));
}
