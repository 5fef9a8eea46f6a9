import { EventEmitter } from 'node:events';

import type { PowerMonitor } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SystemEvent } from '../core/ports';
import { createSystemEvents, type PowerMonitorLike } from './system-events';

// Compile-time only: Electron's powerMonitor is what index.ts passes.
const powerMonitorFits: PowerMonitor extends PowerMonitorLike ? true : false = true;

class FakePowerMonitor extends EventEmitter implements PowerMonitorLike {
  state = 'active';
  getSystemIdleState(): string {
    return this.state;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createSystemEvents', () => {
  it('forwards suspend, resume, lock and unlock', () => {
    const monitor = new FakePowerMonitor();
    const seen: SystemEvent[] = [];
    createSystemEvents(monitor, { platform: 'darwin' }).on((event) => seen.push(event));
    for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const) monitor.emit(event);
    expect(seen).toEqual(['suspend', 'resume', 'lock-screen', 'unlock-screen']);
    expect(powerMonitorFits).toBe(true);
  });

  it('folds repeated lock or unlock notices into one', () => {
    const monitor = new FakePowerMonitor();
    const seen: SystemEvent[] = [];
    createSystemEvents(monitor, { platform: 'win32' }).on((event) => seen.push(event));
    monitor.emit('unlock-screen');
    monitor.emit('lock-screen');
    monitor.emit('lock-screen');
    monitor.emit('unlock-screen');
    expect(seen).toEqual(['lock-screen', 'unlock-screen']);
  });

  it('detaches from powerMonitor when the last listener leaves', () => {
    const monitor = new FakePowerMonitor();
    const events = createSystemEvents(monitor, { platform: 'darwin' });
    const a = events.on(() => undefined);
    const b = events.on(() => undefined);
    expect(monitor.listenerCount('suspend')).toBe(1);
    a();
    a();
    expect(monitor.listenerCount('suspend')).toBe(1);
    b();
    expect(monitor.eventNames()).toEqual([]);
  });

  it('on Linux, turns the locked idle state into lock and unlock events', () => {
    vi.useFakeTimers();
    const monitor = new FakePowerMonitor();
    const seen: SystemEvent[] = [];
    const off = createSystemEvents(monitor, { platform: 'linux', lockPollMs: 1000 }).on((event) => seen.push(event));
    vi.advanceTimersByTime(1000);
    monitor.state = 'locked';
    vi.advanceTimersByTime(3000);
    monitor.state = 'idle';
    vi.advanceTimersByTime(1000);
    monitor.state = 'unknown';
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['lock-screen', 'unlock-screen']);
    off();
    monitor.state = 'locked';
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(['lock-screen', 'unlock-screen']);
  });

  it('does not poll on macOS and Windows, where powerMonitor reports locks itself', () => {
    vi.useFakeTimers();
    const monitor = new FakePowerMonitor();
    monitor.state = 'locked';
    const seen: SystemEvent[] = [];
    createSystemEvents(monitor, { platform: 'darwin', lockPollMs: 1000 }).on((event) => seen.push(event));
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
  });
});
