import type { DueItem } from '../../../../shared/ipc/channels/policies';

const DAY = 86_400_000;

/** The chart's buckets, most urgent first. `upTo`: days until due, inclusive (overdue buckets use state). */
export const BUCKETS = [
  { id: 'overdue-long', short: '> 30 d over', long: 'Overdue by more than 30 days', tone: 'overdue' },
  { id: 'overdue', short: '≤ 30 d over', long: 'Overdue by up to 30 days', tone: 'overdue' },
  { id: 'due-7', short: '≤ 7 d', long: 'Due within 7 days', tone: 'soon', upTo: 7 },
  { id: 'due-14', short: '8–14 d', long: 'Due in 8 to 14 days', tone: 'soon', upTo: 14 },
  { id: 'due-30', short: '15–30 d', long: 'Due in 15 to 30 days', tone: 'ok', upTo: 30 },
  { id: 'due-60', short: '31–60 d', long: 'Due in 31 to 60 days', tone: 'ok', upTo: 60 },
  { id: 'due-90', short: '61–90 d', long: 'Due in 61 to 90 days', tone: 'ok', upTo: 90 },
  { id: 'later', short: 'later', long: 'Due in more than 90 days', tone: 'ok' },
] as const;

export type BucketId = (typeof BUCKETS)[number]['id'];

/**
 * Which bucket an item falls in, relative to when the report was computed (core's clock, which
 * the e2e host's test clock can move). Overdue follows main's state so the chart and the badges agree.
 */
export function bucketOf(item: Pick<DueItem, 'dueAt' | 'state'>, computedAt: number): BucketId {
  const days = (Date.parse(item.dueAt) - computedAt) / DAY;
  if (item.state === 'overdue' || days < 0) return -days > 30 ? 'overdue-long' : 'overdue';
  for (const bucket of BUCKETS) if ('upTo' in bucket && days <= bucket.upTo) return bucket.id;
  return 'later';
}

export function bucketCounts(items: readonly Pick<DueItem, 'dueAt' | 'state'>[], computedAt: number): Record<BucketId, number> {
  const counts = Object.fromEntries(BUCKETS.map((b) => [b.id, 0])) as Record<BucketId, number>;
  for (const item of items) counts[bucketOf(item, computedAt)] += 1;
  return counts;
}

/** "Overdue by more than 30 days: 12 secrets" — the bar's accessible name. */
export function bucketLabel(id: BucketId, count: number): string {
  const bucket = BUCKETS.find((b) => b.id === id)!;
  return `${bucket.long}: ${count.toLocaleString('en-US')} ${count === 1 ? 'secret' : 'secrets'}`;
}

/** Whole days between two instants, rounded toward "more urgent" for the table's due column. */
export function daysBetween(fromMs: number, toIso: string): number {
  return Math.floor((Date.parse(toIso) - fromMs) / DAY);
}
