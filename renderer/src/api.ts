import type { Api } from '../../shared/ipc/bridge';
import type { AppContract, AppEvents } from '../../shared/ipc/contract';

export type KeyholeApi = Api<AppContract, AppEvents>;

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the e2e host's bridge script, before this bundle runs. */
    readonly keyhole: KeyholeApi;
  }
}

export const api: KeyholeApi = window.keyhole;
