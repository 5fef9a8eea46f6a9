import type { DueReport } from '../../../../shared/ipc/channels/policies';
import { usePolicies } from '../../stores/policies';
import { BUCKETS, bucketCounts, bucketLabel } from './buckets';

const HEIGHT = 104;

/**
 * Secrets under a policy by how soon they are due. Each bar is a toggle button that filters the
 * table below; its name carries the bucket and the count, so the chart reads without the picture.
 */
export function DueChart({ report }: { report: DueReport }) {
  const active = usePolicies((s) => s.bucket);
  const setBucket = usePolicies((s) => s.setBucket);
  const counts = bucketCounts(report.items, Date.parse(report.computedAt));
  const max = Math.max(1, ...Object.values(counts));
  return (
    <figure className="due-chart" aria-labelledby="due-chart-title">
      <figcaption id="due-chart-title">Secrets by due date · choose a bar to filter the table</figcaption>
      <div className="due-bars" role="group" aria-label="Due date buckets">
        {BUCKETS.map((bucket) => {
          const count = counts[bucket.id];
          const h = count === 0 ? 0 : Math.max(2, (count / max) * HEIGHT);
          return (
            <div key={bucket.id} className={`due-column due-${bucket.tone}`}>
              <button
                type="button"
                className="due-bar"
                aria-pressed={active === bucket.id}
                aria-label={bucketLabel(bucket.id, count)}
                title={bucketLabel(bucket.id, count)}
                onClick={() => setBucket(bucket.id)}
              >
                <span className="due-count">{count.toLocaleString('en-US')}</span>
                <svg viewBox={`0 0 10 ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
                  <rect x="0" y={HEIGHT - h} width="10" height={h} />
                </svg>
              </button>
              <span className="due-label" aria-hidden="true">
                {bucket.short}
              </span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
