import { create } from 'zustand';
import type { PageId } from '../pages';

interface NavState {
  page: PageId;
  paletteOpen: boolean;
  go(page: PageId): void;
  setPaletteOpen(open: boolean): void;
}

export const useNav = create<NavState>()((set) => ({
  page: 'secrets',
  paletteOpen: false,
  go: (page) => set({ page }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
}));
