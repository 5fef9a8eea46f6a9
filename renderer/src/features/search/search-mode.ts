import { create } from 'zustand';
import { useNav } from '../../stores/nav';

export type PaletteMode = 'all' | 'secrets';

interface SearchModeState {
  /** `all`: commands, then secrets as you type; `secrets`: secrets only ("Search secrets"). */
  mode: PaletteMode;
  setMode(mode: PaletteMode): void;
  /** Opens the palette searching secrets only. */
  openSecretSearch(): void;
}

export const useSearchMode = create<SearchModeState>()((set) => ({
  mode: 'all',
  setMode: (mode) => set({ mode }),
  openSecretSearch: () => {
    set({ mode: 'secrets' });
    useNav.getState().setPaletteOpen(true);
  },
}));
