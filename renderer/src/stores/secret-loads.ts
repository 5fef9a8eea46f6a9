import type { SecretSummary } from '../../../shared/domain';
import type { JobView } from '../../../shared/ipc/contract';

export type LoadState = 'loading' | 'loaded' | 'failed' | 'cancelled';

export interface EnvironmentLoad {
  state: LoadState;
  count: number;
  error: string | null;
}

interface Entry {
  jobId: string | null;
  state: LoadState;
  error: string | null;
  items: SecretSummary[];
}

const ORPHANS_KEPT = 32;

/**
 * Tracks each environment's listing job and its streamed pages. Items live in plain arrays
 * (appended in place): an environment can hold 100,000 secrets, and copying the list on every
 * page would be quadratic. Callers learn about changes from the boolean results and re-render
 * from `view()` / `items()`.
 *
 * Pages and progress can arrive before `secrets:load` has answered with the job id: pages are
 * taken for a loading environment whose job id is not known yet; progress for an unknown job is
 * kept aside and applied once the job id is known. Jobs replaced by a reload are ignored.
 */
export class SecretLoads {
  private readonly entries = new Map<string, Entry>();
  private readonly replaced = new Set<string>();
  private readonly orphans = new Map<string, JobView>();

  /** Starts (or restarts) a load; returns the job it replaces, if one was still running. */
  begin(environmentId: string): string | null {
    const previous = this.entries.get(environmentId);
    if (previous?.jobId) this.replaced.add(previous.jobId);
    this.entries.set(environmentId, { jobId: null, state: 'loading', error: null, items: [] });
    return previous?.state === 'loading' ? previous.jobId : null;
  }

  started(environmentId: string, jobId: string): void {
    const entry = this.entries.get(environmentId);
    if (!entry || entry.state !== 'loading') return;
    entry.jobId = jobId;
    const early = this.orphans.get(jobId);
    if (early) {
      this.orphans.delete(jobId);
      this.progress(early);
    }
  }

  failed(environmentId: string, message: string): void {
    const entry = this.entries.get(environmentId);
    if (!entry) return;
    entry.state = 'failed';
    entry.error = message;
  }

  page(page: { jobId: string; environmentId: string; items: SecretSummary[] }): boolean {
    const entry = this.entries.get(page.environmentId);
    if (!entry || entry.state !== 'loading' || this.replaced.has(page.jobId)) return false;
    if (entry.jobId !== null && entry.jobId !== page.jobId) return false;
    entry.jobId = page.jobId;
    for (const item of page.items) entry.items.push(item);
    return true;
  }

  /** Applies a job's state; returns the environment it changed, if any. */
  progress(job: JobView): string | null {
    if (job.kind !== 'secrets.load' || this.replaced.has(job.id)) return null;
    for (const [environmentId, entry] of this.entries) {
      if (entry.jobId !== job.id) continue;
      if (entry.state !== 'loading') return null;
      if (job.state === 'done') {
        entry.state = 'loaded';
        // Arrival order while streaming; name order once complete (one sort, not one per page).
        entry.items.sort(byName);
      } else if (job.state === 'cancelled') entry.state = 'cancelled';
      else if (job.state === 'failed') {
        entry.state = 'failed';
        entry.error = job.error?.message ?? 'The listing failed';
      }
      return environmentId;
    }
    if (job.state !== 'running') {
      this.orphans.set(job.id, job);
      if (this.orphans.size > ORPHANS_KEPT) this.orphans.delete(this.orphans.keys().next().value as string);
    }
    return null;
  }

  view(environmentId: string): EnvironmentLoad | undefined {
    const entry = this.entries.get(environmentId);
    return entry && { state: entry.state, count: entry.items.length, error: entry.error };
  }

  items(environmentId: string): readonly SecretSummary[] {
    return this.entries.get(environmentId)?.items ?? [];
  }

  jobOf(environmentId: string): string | null {
    return this.entries.get(environmentId)?.jobId ?? null;
  }

  forget(environmentId: string): void {
    const entry = this.entries.get(environmentId);
    if (entry?.jobId) this.replaced.add(entry.jobId);
    this.entries.delete(environmentId);
  }
}

function byName(a: SecretSummary, b: SecretSummary): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Case-insensitive substring match on the name. */
export function filterSecrets(items: readonly SecretSummary[], query: string): readonly SecretSummary[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return items;
  return items.filter((item) => item.name.toLowerCase().includes(needle));
}
