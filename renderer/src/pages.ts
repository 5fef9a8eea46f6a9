/** The app's pages, in rail order, with their `g` then letter shortcut. */
export const PAGES = [
  { id: 'secrets', label: 'Secrets', key: 's' },
  { id: 'diff', label: 'Diff', key: 'd' },
  { id: 'history', label: 'History', key: 'h' },
  { id: 'rotation', label: 'Rotation', key: 'r' },
  { id: 'policies', label: 'Policies', key: 'p' },
  { id: 'audit', label: 'Audit', key: 'a' },
  { id: 'connections', label: 'Connections', key: 'c' },
  { id: 'settings', label: 'Settings', key: ',' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pageForKey(key: string): PageId | undefined {
  return PAGES.find((page) => page.key === key.toLowerCase())?.id;
}
