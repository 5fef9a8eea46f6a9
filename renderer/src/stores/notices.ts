import { create } from 'zustand';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

interface NoticeState {
  notices: Notice[];
  push(level: Notice['level'], message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;
const SHOWN_MS = 6000;

/** Short-lived messages (app:notice events and the outcome of actions), read out politely. */
export const useNotices = create<NoticeState>()((set, get) => ({
  notices: [],
  push: (level, message) => {
    const id = nextId++;
    set({ notices: [...get().notices.slice(-3), { id, level, message }] });
    if (level !== 'error') setTimeout(() => get().dismiss(id), SHOWN_MS);
  },
  dismiss: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
}));
