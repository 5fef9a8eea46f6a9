/**
 * Walks a Vault folder tree with LIST: each folder answers with its keys at once, sub-folders
 * ending in "/". Up to `concurrency` folders are listed at a time; key names (relative to the
 * walk's root) are yielded in pages of at most `pageSize` as soon as they arrive. A folder that
 * vanished between its parent's LIST and its own (404) is simply empty.
 */
export type ListFolder = (folder: string) => Promise<string[] | undefined>;

export async function* walkFolders(listFolder: ListFolder, options: { concurrency: number; pageSize: number }): AsyncGenerator<string[]> {
  const folders: string[] = [''];
  let next = 0;
  const running = new Set<Promise<void>>();
  let found: string[] = [];
  let failure: { error: unknown } | undefined;

  const launch = (folder: string) => {
    const task = listFolder(folder).then(
      (keys) => {
        for (const key of keys ?? []) {
          if (key.endsWith('/')) folders.push(`${folder}${key}`);
          else found.push(`${folder}${key}`);
        }
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
  };

  for (;;) {
    if (failure) throw failure.error;
    while (next < folders.length && running.size < options.concurrency) launch(folders[next++] ?? '');
    if (found.length >= options.pageSize || (running.size === 0 && found.length > 0)) {
      const page = found.slice(0, options.pageSize);
      found = found.slice(options.pageSize);
      yield page;
      continue;
    }
    if (running.size === 0) return;
    await Promise.race(running);
  }
}
