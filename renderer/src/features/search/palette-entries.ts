import type { SecretSummary } from '../../../../shared/domain';
import type { Command } from '../../ui/command-filter';
import type { SecretSearch } from './useSecretSearch';

/** One choosable line of the palette: a command, a secret, or "all N in the list". */
export type PaletteEntry =
  | { kind: 'command'; key: string; command: Command }
  | { kind: 'secret'; key: string; environmentId: string; label: string; separator: string; item: SecretSummary }
  | { kind: 'more'; key: string; environmentId: string; label: string; total: number };

/** A heading between entries: an environment and its count. */
export interface PaletteHeading {
  before: number;
  environmentId: string;
  label: string;
  total: number;
  loading: boolean;
  tagsUnknown: number;
}

/** Commands first (a few once secrets show), then each environment's matches and its "more". */
export function paletteEntries(
  commands: readonly Command[],
  search: SecretSearch | null,
  commandLimit: number,
): { entries: PaletteEntry[]; headings: PaletteHeading[] } {
  const entries: PaletteEntry[] = commands.slice(0, commandLimit).map((command) => ({ kind: 'command', key: `c:${command.id}`, command }));
  const headings: PaletteHeading[] = [];
  for (const group of search?.groups ?? []) {
    if (group.total === 0 && group.tagsUnknown === 0) continue;
    headings.push({
      before: entries.length,
      environmentId: group.environmentId,
      label: group.label,
      total: group.total,
      loading: group.state === 'loading',
      tagsUnknown: group.tagsUnknown,
    });
    for (const item of group.hits) {
      entries.push({
        kind: 'secret',
        key: `s:${group.environmentId}:${item.name}`,
        environmentId: group.environmentId,
        label: group.label,
        separator: group.separator,
        item,
      });
    }
    if (group.total > group.hits.length) {
      entries.push({ kind: 'more', key: `m:${group.environmentId}`, environmentId: group.environmentId, label: group.label, total: group.total });
    }
  }
  return { entries, headings };
}
