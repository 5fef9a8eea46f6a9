import { create } from 'zustand';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  /** The app:notice code (e.g. CREDENTIAL_EXPIRING), when main sent it. */
  code?: string;
  /** How many times this notice arrived while shown. */
  count: number;
}

interface NoticeState {
  notices: Notice[];
  push(level: NoticeLevel, message: string, code?: string): void;
  dismiss(id: number): void;
}

/** Outcomes of actions fade; warnings and errors ask for something, so they stay until dismissed. */
export const INFO_SHOWN_MS = 6000;
export const MAX_SHOWN = 4;

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function stopTimer(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
}

const sameAs = (level: NoticeLevel, message: string, code: string | undefined) => (notice: Notice) =>
  notice.level === level && (code !== undefined ? notice.code === code : notice.code === undefined && notice.message === message);

/** Past the cap, the oldest info goes first, then the oldest of any level. */
function capped(notices: Notice[]): Notice[] {
  const kept = [...notices];
  while (kept.length > MAX_SHOWN) {
    const info = kept.findIndex((notice) => notice.level === 'info');
    const [dropped] = kept.splice(info >= 0 ? info : 0, 1);
    if (dropped) stopTimer(dropped.id);
  }
  return kept;
}

/**
 * Short messages for the operator: main's app:notice events and the outcome of actions. A notice
 * that arrives again while shown (same code, or same text without one) is counted, not stacked.
 */
export const useNotices = create<NoticeState>()((set, get) => ({
  notices: [],
  push: (level, message, code) => {
    const before = get().notices;
    const existing = before.find(sameAs(level, message, code));
    if (existing) stopTimer(existing.id);
    const notice: Notice = { id: nextId++, level, message, count: (existing?.count ?? 0) + 1, ...(code !== undefined ? { code } : {}) };
    set({ notices: capped([...before.filter((n) => n !== existing), notice]) });
    if (level === 'info')
      timers.set(
        notice.id,
        setTimeout(() => get().dismiss(notice.id), INFO_SHOWN_MS),
      );
  },
  dismiss: (id) => {
    stopTimer(id);
    set({ notices: get().notices.filter((notice) => notice.id !== id) });
  },
}));
