import { create } from 'zustand';
import type { MfaStatus } from '../../../shared/ipc/contract';
import { api } from '../api';

interface LockState {
  /** Null until main answers (or when this build's main has no MFA yet). */
  status: MfaStatus | null;
  load(): Promise<void>;
}

/**
 * The app's lock and MFA state, for the top bar only. Enrollment, step-up and the lock screen are
 * a later issue; this just shows the truth instead of a fixed label.
 */
export const useLock = create<LockState>()((set) => {
  api.on('mfa:changed', (status) => set({ status }));
  api.on('app:locked', () => set((state) => (state.status ? { status: { ...state.status, locked: true } } : state)));
  return {
    status: null,
    load: async () => {
      try {
        set({ status: await api.mfa.status({}) });
      } catch {
        set({ status: null });
      }
    },
  };
});
