import { create } from 'zustand';

/** Which edit dialog is open, and on what. Never a value: drafts live in the dialog and die with it. */
export type EditDialog =
  { kind: 'create'; environmentId: string | null } | { kind: 'value' | 'metadata' | 'delete'; environmentId: string; name: string };

interface EditState {
  dialog: EditDialog | null;
  open(dialog: EditDialog): void;
  close(): void;
}

export const useEdit = create<EditState>((set) => ({
  dialog: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
