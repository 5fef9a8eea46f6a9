import type { SecretSummary } from '../../../../shared/domain';

/** A folder of the tree by path segment: its sub-folders by name and its secrets in list order. */
export interface TreeFolder {
  /** The common-form path ("a/b"), "" for the root. */
  path: string;
  label: string;
  folders: Map<string, TreeFolder>;
  leaves: SecretSummary[];
  /** Secrets anywhere below. */
  count: number;
}

export type TreeRow =
  | { kind: 'folder'; folder: TreeFolder; depth: number; expanded: boolean; position: number; setSize: number }
  | { kind: 'leaf'; item: SecretSummary; label: string; depth: number; position: number; setSize: number };

function folder(path: string, label: string): TreeFolder {
  return { path, label, folders: new Map(), leaves: [], count: 0 };
}

/**
 * Builds the tree from rows in their list order (the active sort), splitting native names on the
 * environment's separator ("/", or Azure's "--"). Leaves keep the given order within a folder.
 */
export function buildTree(items: readonly SecretSummary[], separator = '/'): TreeFolder {
  const root = folder('', '');
  for (const item of items) {
    const segments = item.name.split(separator);
    let node = root;
    node.count += 1;
    for (let i = 0; i < segments.length - 1; i += 1) {
      const segment = segments[i] as string;
      let child = node.folders.get(segment);
      if (!child) {
        child = folder(node.path === '' ? segment : `${node.path}/${segment}`, segment);
        node.folders.set(segment, child);
      }
      child.count += 1;
      node = child;
    }
    node.leaves.push(item);
  }
  return root;
}

function lastSegment(name: string, separator: string): string {
  const at = name.lastIndexOf(separator);
  return at < 0 ? name : name.slice(at + separator.length);
}

/**
 * The visible rows: folders first (by name, reversed when the list is sorted by name descending),
 * then the folder's secrets; a collapsed folder hides what is below it. `expandAll` opens every
 * folder (a filtered tree shows every match).
 */
export function flattenTree(
  root: TreeFolder,
  expanded: ReadonlySet<string>,
  options: { separator?: string; foldersDescending?: boolean; expandAll?: boolean } = {},
): TreeRow[] {
  const separator = options.separator ?? '/';
  const rows: TreeRow[] = [];
  const walk = (node: TreeFolder, depth: number) => {
    const folders = [...node.folders.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    if (options.foldersDescending) folders.reverse();
    const setSize = folders.length + node.leaves.length;
    let position = 0;
    for (const child of folders) {
      const open = options.expandAll === true || expanded.has(child.path);
      rows.push({ kind: 'folder', folder: child, depth, expanded: open, position: ++position, setSize });
      if (open) walk(child, depth + 1);
    }
    for (const item of node.leaves) rows.push({ kind: 'leaf', item, label: lastSegment(item.name, separator), depth, position: ++position, setSize });
  };
  walk(root, 1);
  return rows;
}

/** The folder paths that lead to a name, to expand when a secret is opened from search. */
export function ancestorsOf(name: string, separator = '/'): string[] {
  const segments = name.split(separator).slice(0, -1);
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}
