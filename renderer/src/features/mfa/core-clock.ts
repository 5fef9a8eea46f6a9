import { useSyncExternalStore } from 'react';
import { useMfa } from '../../stores/mfa';

const TICK_MS = 1000;
/** While something counts down, re-read core's clock this often (the test clock can jump). */
const SYNC_MS = 3000;

let local = Date.now();
const listeners = new Set<() => void>();
let tickTimer: ReturnType<typeof setInterval> | undefined;
let syncTimer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    local = Date.now();
    tickTimer = setInterval(() => {
      local = Date.now();
      for (const notify of [...listeners]) notify();
    }, TICK_MS);
    syncTimer = setInterval(() => void useMfa.getState().load(), SYNC_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    clearInterval(tickTimer);
    clearInterval(syncTimer);
  };
}

/**
 * Core's clock, re-rendering every second while mounted: countdowns (grant, reveal, clipboard,
 * lockout) use it, so they follow main's clock rather than this one alone. One shared ticker.
 */
export function useCoreNow(): number {
  const now = useSyncExternalStore(subscribe, () => local);
  const offset = useMfa((s) => s.offsetMs);
  return now + offset;
}
