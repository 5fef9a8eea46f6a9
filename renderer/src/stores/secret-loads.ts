import type { SecretSummary } from '../../../shared/domain';
import type { JobView } from '../../../shared/ipc/contract';
import { SearchIndex } from '../features/search/search-index';

export type LoadState = 'loading' | 'loaded' | 'failed' | 'cancelled';

export interface EnvironmentLoad {
  state: LoadState;
  count: number;
  error: string | null;
  /** When the listing completed (ms since the epoch), for "listed 4 min ago". */
  listedAt: number | null;
  /** Bumped when filled-in metadata changed rows' sort keys or tags. */
  filled: number;
}

/** One answer of secrets:metadataBatch. */
export interface FilledItem {
  name: string;
  summary?: SecretSummary;
  /** A wire error (code and message from the shared list). */
  error?: { code: string; message: string };
}

interface Entry {
  jobId: string | null;
  /** Which listing this is: answers for an earlier one are dropped. */
  generation: number;
  state: LoadState;
  error: string | null;
  listedAt: number | null;
  filled: number;
  /** Arrival order, append-only: sorted views and the search index follow it incrementally. */
  items: SecretSummary[];
  byName: Map<string, SecretSummary>;
  /** Names whose metadata could not be read, with the reason. */
  fillErrors: Map<string, string>;
  index: SearchIndex;
}

const ORPHANS_KEPT = 32;

/** What a row keeps of filled-in metadata (not a version list, not a provider id). */
const SUMMARY_KEYS = [
  'createdAt',
  'updatedAt',
  'currentVersion',
  'versionCount',
  'tags',
  'expiresAt',
  'notBefore',
  'enabled',
  'contentType',
  'description',
  'deleted',
] as const satisfies ReadonlyArray<keyof SecretSummary>;

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
  private generations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Starts (or restarts) a load; returns the job it replaces, if one was still running. The
   * separator is the environment's (Azure: "--"): search and the tree read names in "/" form.
   */
  begin(environmentId: string, separator = '/'): string | null {
    const previous = this.entries.get(environmentId);
    if (previous?.jobId) this.replaced.add(previous.jobId);
    this.generations += 1;
    this.entries.set(environmentId, {
      jobId: null,
      generation: this.generations,
      state: 'loading',
      error: null,
      listedAt: null,
      filled: 0,
      items: [],
      byName: new Map(),
      fillErrors: new Map(),
      index: new SearchIndex(separator),
    });
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
    const added: SecretSummary[] = [];
    for (const item of page.items) {
      if (entry.byName.has(item.name)) continue;
      entry.items.push(item);
      entry.byName.set(item.name, item);
      added.push(item);
    }
    entry.index.add(added);
    return true;
  }

  /**
   * Applies filled-in metadata to the listed rows in place (the list, its sorts and the search
   * index all read the same objects). Answers for an earlier listing are dropped.
   */
  fill(environmentId: string, generation: number, answers: readonly FilledItem[]): boolean {
    const entry = this.entries.get(environmentId);
    if (!entry || entry.generation !== generation) return false;
    let changed = false;
    for (const answer of answers) {
      const item = entry.byName.get(answer.name);
      if (!item) continue;
      if (answer.summary) {
        for (const key of SUMMARY_KEYS) if (answer.summary[key] !== undefined) Object.assign(item, { [key]: answer.summary[key] });
        item.metadataComplete = true;
        entry.index.refresh(item);
        entry.fillErrors.delete(item.name);
      } else if (answer.error) entry.fillErrors.set(item.name, answer.error.message);
      changed = true;
    }
    if (changed) entry.filled += 1;
    return changed;
  }

  generation(environmentId: string): number | null {
    return this.entries.get(environmentId)?.generation ?? null;
  }

  fillError(environmentId: string, name: string): string | undefined {
    return this.entries.get(environmentId)?.fillErrors.get(name);
  }

  index(environmentId: string): SearchIndex | undefined {
    return this.entries.get(environmentId)?.index;
  }

  item(environmentId: string, name: string): SecretSummary | undefined {
    return this.entries.get(environmentId)?.byName.get(name);
  }

  /** Applies a job's state; returns the environment it changed, if any. */
  progress(job: JobView): string | null {
    if (job.kind !== 'secrets.load' || this.replaced.has(job.id)) return null;
    for (const [environmentId, entry] of this.entries) {
      if (entry.jobId !== job.id) continue;
      if (entry.state !== 'loading') return null;
      if (job.state === 'done') {
        entry.state = 'loaded';
        entry.listedAt = this.now();
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
    return entry && { state: entry.state, count: entry.items.length, error: entry.error, listedAt: entry.listedAt, filled: entry.filled };
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
