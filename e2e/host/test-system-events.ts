import type { SystemEvent, SystemEvents } from '../../electron/main/core/ports';

export const SYSTEM_EVENTS: readonly SystemEvent[] = ['suspend', 'resume', 'lock-screen', 'unlock-screen'];

/** System events the host's test controls fire (a browser has no suspend or screen lock to report). */
export class TestSystemEvents implements SystemEvents {
  private readonly listeners = new Set<(event: SystemEvent) => void>();

  on(listener: (event: SystemEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  fire(event: SystemEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
