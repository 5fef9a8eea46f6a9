import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Debounced, atomic persistence: the state is serialized when the timer fires (not per change),
 * written to a temporary file and renamed over the snapshot, so a crash leaves the old or the
 * new snapshot, never half of one.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  /** How long the last serialization blocked the event loop. */
  private lastSerializeMs = 0;

  constructor(
    private readonly file: string,
    private readonly serialize: () => string,
    private readonly debounceMs = 250,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    // A large state blocks the loop while it is serialized: wait long enough that persisting
    // costs at most about a tenth of the server's time.
    const wait = Math.max(this.debounceMs, this.lastSerializeMs * 10);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed write keeps the state dirty; the next change or close() tries again.
      this.flush().catch(() => undefined);
    }, wait);
  }

  /** Writes now if anything changed since the last write; resolves when the file is in place. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const run = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const temporary = `${this.file}.${process.pid}.tmp`;
      await mkdir(path.dirname(this.file), { recursive: true });
      const started = performance.now();
      const text = this.serialize();
      this.lastSerializeMs = performance.now() - started;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.file);
    });
    this.writing = run.catch(() => {
      this.dirty = true;
    });
    return run;
  }
}
