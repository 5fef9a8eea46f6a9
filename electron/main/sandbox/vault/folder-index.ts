/**
 * The folder tree behind KV LIST: each folder knows its sub-folders and the keys directly in it,
 * so listing one folder costs its own size, not the size of the whole mount.
 */
class Folder {
  readonly folders = new Map<string, Folder>();
  readonly keys = new Set<string>();
}

export class FolderIndex {
  private readonly root = new Folder();

  add(path: string): void {
    const segments = path.split('/');
    const leaf = segments.pop() ?? '';
    let folder = this.root;
    for (const segment of segments) {
      let next = folder.folders.get(segment);
      if (!next) {
        next = new Folder();
        folder.folders.set(segment, next);
      }
      folder = next;
    }
    folder.keys.add(leaf);
  }

  remove(path: string): void {
    const segments = path.split('/');
    const leaf = segments.pop() ?? '';
    const trail: Array<[Folder, string]> = [];
    let folder = this.root;
    for (const segment of segments) {
      const next = folder.folders.get(segment);
      if (!next) return;
      trail.push([folder, segment]);
      folder = next;
    }
    folder.keys.delete(leaf);
    // Prune folders left empty, deepest first, as Vault's storage does.
    for (let i = trail.length - 1; i >= 0; i -= 1) {
      const [parent, segment] = trail[i] ?? [this.root, ''];
      const child = parent.folders.get(segment);
      if (!child || child.keys.size > 0 || child.folders.size > 0) break;
      parent.folders.delete(segment);
    }
  }

  /** Sorted entries of a folder ("" or "a/b/"), sub-folders ending in "/"; undefined when absent. */
  list(prefix: string): string[] | undefined {
    let folder = this.root;
    for (const segment of prefix.split('/').filter((s) => s !== '')) {
      const next = folder.folders.get(segment);
      if (!next) return undefined;
      folder = next;
    }
    const entries = [...folder.keys, ...[...folder.folders.keys()].map((name) => `${name}/`)];
    return entries.length === 0 ? undefined : entries.sort();
  }
}
