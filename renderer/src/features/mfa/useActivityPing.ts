import { useEffect } from 'react';
import { api } from '../../api';

/** At most one app:activity ping in this long: enough for an idle timeout counted in minutes. */
export const ACTIVITY_THROTTLE_MS = 30_000;
const EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/** Tells main the operator is here (it resets the idle lock), throttled, while `enabled`. */
export function useActivityPing(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    const ping = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      api.app.activity({}).catch(() => undefined);
    };
    for (const name of EVENTS) window.addEventListener(name, ping, { capture: true, passive: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, ping, { capture: true });
    };
  }, [enabled]);
}
