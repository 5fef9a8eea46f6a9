import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KeyholeError } from '../../../../shared/errors';
import type { Logger } from '../logger';
import type { Clipboard, Clock } from '../ports';

interface Held {
  fingerprint: Buffer;
  timer: AbortController;
}

/**
 * Copies a value and takes it back: after the delay, on lock and on quit, the clipboard is
 * cleared only if it still holds what Keyhole put there (the operator may have copied something
 * else since). Main keeps an HMAC of the copied text under a per-run key, never the text.
 */
export class ClipboardGuard {
  private readonly key = randomBytes(32);
  private held: Held | undefined;
  /** Copies and clears run one at a time: a clear still taking ownership must not land on a newer copy. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clipboard: Clipboard | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get available(): boolean {
    return this.clipboard !== undefined;
  }

  /** Writes the text (marked concealed by the port) and returns when it will be cleared (clock ms). */
  copy(text: string, clearAfterMs: number): Promise<number> {
    return this.serial(() => this.copyNow(text, clearAfterMs));
  }

  /** Clears the clipboard if it still holds the last copied value; true when it did. */
  clearIfOurs(): Promise<boolean> {
    return this.serial(() => this.clearNow());
  }

  private async copyNow(text: string, clearAfterMs: number): Promise<number> {
    const clipboard = this.clipboard;
    if (clipboard === undefined) throw new KeyholeError('UNSUPPORTED');
    this.held?.timer.abort();
    this.held = undefined;
    await clipboard.writeSecret(text);
    const held: Held = { fingerprint: this.fingerprint(text), timer: new AbortController() };
    this.held = held;
    this.clock.sleep(clearAfterMs, held.timer.signal).then(
      // Only this copy's own value: a newer copy has its own timer.
      () => void this.serial(() => (this.held === held ? this.clearNow() : Promise.resolve(false))),
      () => undefined,
    );
    return this.clock.now() + clearAfterMs;
  }

  private async clearNow(): Promise<boolean> {
    const held = this.held;
    const clipboard = this.clipboard;
    if (held === undefined || clipboard === undefined) return false;
    this.held = undefined;
    held.timer.abort();
    try {
      const current = await clipboard.readText();
      if (!timingSafeEqual(this.fingerprint(current), held.fingerprint)) {
        this.logger.log('info', 'clipboard.left_changed');
        return false;
      }
      await clipboard.clear();
      this.logger.log('info', 'clipboard.cleared');
      return true;
    } catch {
      this.logger.log('warn', 'clipboard.clear_failed');
      return false;
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private fingerprint(text: string): Buffer {
    return createHmac('sha256', this.key).update(text, 'utf8').digest();
  }
}
