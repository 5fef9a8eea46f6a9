import { create } from 'zustand';
import type { Settings } from '../../../shared/settings';
import { api } from '../api';
import { explain, shownError } from '../errors';

interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
  load(): Promise<void>;
  /** Resolves to null on success, or the message to show when main refused the change. */
  update(patch: Partial<Settings>): Promise<string | null>;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  loadError: null,
  load: async () => {
    try {
      set({ settings: await api.settings.get({}), loadError: null });
    } catch (error) {
      set({ loadError: explain(shownError(error)) });
    }
  },
  update: async (patch) => {
    try {
      set({ settings: await api.settings.update({ patch }) });
      return null;
    } catch (error) {
      return explain(shownError(error));
    }
  },
}));
