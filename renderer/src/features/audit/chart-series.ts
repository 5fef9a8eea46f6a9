import type { AuditHistogram } from '../../../../shared/audit';

export const TOP_ACTIONS = 5;
export const OTHER = 'other';

export interface Series {
  /** The top actions, most frequent first, then `other` when there are more. */
  names: string[];
  /** Per bucket: its start and one count per name. */
  bars: { start: string; total: number; counts: number[] }[];
  max: number;
}

/** The top actions stacked, the rest summed as `other`. */
export function chartSeries(histogram: AuditHistogram): Series {
  const top = histogram.actions.slice(0, TOP_ACTIONS).map((a) => a.action);
  const hasOther = histogram.actions.length > TOP_ACTIONS;
  const names = hasOther ? [...top, OTHER] : top;
  const bars = histogram.buckets.map((bucket) => {
    const counts = top.map((action) => bucket.counts[action] ?? 0);
    if (hasOther) counts.push(bucket.total - counts.reduce((sum, n) => sum + n, 0));
    return { start: bucket.start, total: bucket.total, counts };
  });
  return { names, bars, max: Math.max(1, ...bars.map((bar) => bar.total)) };
}
