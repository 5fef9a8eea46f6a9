/**
 * The SystemEvents port over Electron's powerMonitor (index.ts passes `powerMonitor` in; no
 * electron import here, so it is tested on Node).
 *
 * powerMonitor emits suspend/resume everywhere, but lock-screen/unlock-screen on macOS and Windows
 * only. On Linux this polls getSystemIdleState() for 'locked' instead, which Chromium reports where
 * the desktop exposes a screensaver state; where it does not, Linux gets no lock events and Keyhole
 * relies on suspend and its own idle timeout. Repeated lock or unlock notices are folded into one.
 */
import type { SystemEvent, SystemEvents } from '../core/ports';

type PowerEvent = SystemEvent;

export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown;
  removeListener(event: PowerEvent, listener: () => void): unknown;
  getSystemIdleState(idleThreshold: number): string;
}

export interface SystemEventsOptions {
  platform: NodeJS.Platform;
  /** Linux lock polling interval; 0 turns polling off. */
  lockPollMs?: number;
}

const EVENTS: readonly PowerEvent[] = ['suspend', 'resume', 'lock-screen', 'unlock-screen'];
const DEFAULT_LOCK_POLL_MS = 5_000;

export function createSystemEvents(monitor: PowerMonitorLike, options: SystemEventsOptions): SystemEvents {
  const listeners = new Set<(event: SystemEvent) => void>();
  const pollMs = options.platform === 'linux' ? (options.lockPollMs ?? DEFAULT_LOCK_POLL_MS) : 0;
  let locked = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const emit = (event: SystemEvent) => {
    if (event === 'lock-screen' || event === 'unlock-screen') {
      const nowLocked = event === 'lock-screen';
      if (nowLocked === locked) return;
      locked = nowLocked;
    }
    for (const listener of [...listeners]) listener(event);
  };
  const forward = new Map(EVENTS.map((event) => [event, () => emit(event)] as const));

  const poll = () => {
    const state = monitor.getSystemIdleState(1);
    if (state === 'locked') emit('lock-screen');
    else if (state === 'active' || state === 'idle') emit('unlock-screen');
  };

  const start = () => {
    for (const [event, handler] of forward) monitor.on(event, handler);
    if (pollMs > 0) {
      timer = setInterval(poll, pollMs);
      timer.unref();
    }
  };
  const stop = () => {
    for (const [event, handler] of forward) monitor.removeListener(event, handler);
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  return {
    on(listener) {
      if (listeners.size === 0) start();
      listeners.add(listener);
      return () => {
        if (!listeners.delete(listener)) return;
        if (listeners.size === 0) stop();
      };
    },
  };
}
