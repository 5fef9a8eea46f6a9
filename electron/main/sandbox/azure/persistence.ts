import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes `data` to `path` atomically: a temp file beside it, then a rename over it. */
export async function writeAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The parsed JSON at `path`, or undefined when it is missing or unreadable. */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export interface SnapshotWriter {
  /** Asks for a snapshot soon; many calls within the delay make one write. */
  schedule(): void;
  /** Writes now if a snapshot is pending, and waits for any write in flight. */
  flush(): Promise<void>;
}

export function createSnapshotWriter(
  path: string,
  produce: () => string,
  delayMs = 250,
  onError: (error: unknown) => void = () => undefined,
): SnapshotWriter {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    timer = undefined;
    if (!pending) return writing;
    pending = false;
    // Chained, so two snapshots never race for the rename.
    writing = writing.then(() => writeAtomic(path, produce())).catch(onError);
    return writing;
  };

  return {
    schedule() {
      pending = true;
      timer ??= setTimeout(() => void write(), delayMs);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
    },
  };
}
