import type { AuditEvent } from '../../../../shared/audit';
import type { VersionInfo } from '../../../../shared/domain';

export type TimelineRow =
  { kind: 'version'; key: string; time: string | undefined; version: VersionInfo } | { kind: 'event'; key: string; time: string; event: AuditEvent };

/**
 * Versions and this desk's audit events for the secret, newest first. While older versions are
 * still to be loaded, events older than the oldest loaded version wait, so they never appear
 * above versions that have not arrived yet. Attempts are folded into their outcomes.
 */
export function mergeTimeline(versions: readonly VersionInfo[], events: readonly AuditEvent[], complete: boolean): TimelineRow[] {
  const times = versions.map((v) => v.createdAt).filter((t): t is string => t !== undefined);
  const oldest = times.length > 0 ? times.reduce((a, b) => (a < b ? a : b)) : undefined;
  const answered = new Set(events.filter((e) => e.attemptSeq !== null).map((e) => e.attemptSeq));
  const shown = events.filter((e) => !(e.phase === 'attempt' && answered.has(e.seq)) && (complete || oldest === undefined || e.time >= oldest));
  const rows: TimelineRow[] = [
    ...versions.map((version): TimelineRow => ({ kind: 'version', key: `v:${version.id}`, time: version.createdAt, version })),
    ...shown.map((event): TimelineRow => ({ kind: 'event', key: `e:${event.seq}`, time: event.time, event })),
  ];
  // A stable sort: versions without a time keep the provider's order among themselves.
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const ta = a.row.time;
      const tb = b.row.time;
      if (ta === undefined || tb === undefined || ta === tb) return a.index - b.index;
      return ta < tb ? 1 : -1;
    })
    .map(({ row }) => row);
}

export type Concurrency = 'check-and-set' | 'stage-label' | 'verify-after';

/** What a rollback will do, in the provider's own terms, before anything is written. */
export function rollbackResult(concurrency: Concurrency, current: string, target: string): string {
  switch (concurrency) {
    case 'check-and-set':
      return `Vault writes the data of version ${target} as a new version, with check-and-set on version ${current}: if anyone wrote since, Vault refuses and nothing is written.`;
    case 'stage-label':
      return `AWS moves AWSCURRENT to version ${short(target)} (no new version); ${short(current)} becomes AWSPREVIOUS. The move names ${short(current)} as the version to take the label from, so AWS refuses it if AWSCURRENT moved since.`;
    case 'verify-after':
      return `Azure writes the value of version ${short(target)} as a new version. Key Vault has no precondition: Keyhole re-reads just before writing (refusing if ${short(current)} is no longer current) and checks afterwards for anyone else's write.`;
  }
}

export function short(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…` : id;
}

export type DiffLine = { op: 'same' | 'add' | 'del'; text: string };

const MAX_DIFF_LINES = 2000;

/** A line diff (longest common subsequence); past MAX_DIFF_LINES, every line of each side is shown as removed / added. */
export function lineDiff(from: string, to: string): DiffLine[] {
  const a = from.split('\n');
  const b = to.split('\n');
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) {
    return [...a.map((text): DiffLine => ({ op: 'del', text })), ...b.map((text): DiffLine => ({ op: 'add', text }))];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: 'del', text: a[i++]! });
  while (j < b.length) out.push({ op: 'add', text: b[j++]! });
  return out;
}
