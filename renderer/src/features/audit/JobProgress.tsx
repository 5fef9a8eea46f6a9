import type { JobView } from '../../../../shared/ipc/contract';

/** A determinate bar when the job knows its total, else an indeterminate one. */
export function JobProgress({ job, label }: { job: JobView | null; label: string }) {
  const total = job?.total ?? null;
  return (
    <div className="job-progress">
      <progress aria-label={label} value={total ? (job?.done ?? 0) : undefined} max={total ?? undefined} />
      <span className="muted small">
        {total ? `${(job?.done ?? 0).toLocaleString()} of ${total.toLocaleString()}` : `${(job?.done ?? 0).toLocaleString()} so far`}
      </span>
    </div>
  );
}
