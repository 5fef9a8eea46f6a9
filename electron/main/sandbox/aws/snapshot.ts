import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The sandbox's state on disk: one JSON document written atomically (temp file + rename) a short
 * while after the last change, so a crash loses at most that short while and never leaves a
 * half-written file. Synthetic data only (ARCHITECTURE: Sandbox).
 */
export class Snapshot<T> {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastWriteMs = 0;
  private lastWriteEnd = 0;
  private readonly file: string;

  constructor(
    dataDir: string,
    name: string,
    private readonly serialize: () => T,
    private readonly debounceMs = 250,
  ) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = join(dataDir, name);
  }

  load(): T | undefined {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  markDirty(): void {
    if (this.timer) return;
    // A large state takes a while to serialize (the event loop waits meanwhile): space writes
    // so that serializing takes at most a fifth of the time.
    const wait = Math.max(this.debounceMs, this.lastWriteEnd + 4 * this.lastWriteMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, wait);
    this.timer.unref();
  }

  /** Writes now if anything is pending; resolves when the file is on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    await this.writing;
  }

  private write(): Promise<void> {
    const started = Date.now();
    const data = JSON.stringify(this.serialize());
    this.lastWriteMs = Date.now() - started;
    this.lastWriteEnd = Date.now();
    this.writing = this.writing
      .then(async () => {
        const temp = `${this.file}.${process.pid}.tmp`;
        await writeFile(temp, data, { mode: 0o600 });
        await rename(temp, this.file);
      })
      .catch((error: unknown) => {
        // Keep serving: the next change tries again. Only the error code is reported.
        process.stderr.write(`sandbox snapshot not written: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
      });
    return this.writing;
  }
}
