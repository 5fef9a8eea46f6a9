import { METADATA_BATCH_MAX } from '../../../shared/ipc/channels/secrets';
import type { FilledItem } from './secret-loads';

export type FetchBatch = (environmentId: string, names: string[]) => Promise<FilledItem[]>;
export type ApplyBatch = (environmentId: string, generation: number, answers: FilledItem[]) => void;

interface Wanted {
  generation: number;
  /** Asked for (or answered) in this listing: never asked twice. */
  asked: Set<string>;
  /** On screen now: asked first. */
  screen: Queue;
  /** What a sort or a tag search needs: asked behind every screen. */
  background: Queue;
}

/** A FIFO that takes from a moving head (shift() on 100,000 names would be quadratic). */
interface Queue {
  names: string[];
  head: number;
}

const queue = (names: string[] = []): Queue => ({ names, head: 0 });

export interface FillOptions {
  batchSize?: number;
  /** Batches in flight at once, over every environment. */
  inFlight?: number;
}

/**
 * Fills in metadata a listing did not give (Vault LIST answers names only): what is on screen
 * first, then what the active sort or a tag search needs, in batches of secrets:metadataBatch
 * with a bounded number in flight. Each name is asked once per listing; a reload (a new
 * generation) starts afresh. A batch that fails as a whole (locked, connection gone) gives its
 * names back, so scrolling past them asks again, and stops that environment's background work.
 */
export class MetadataFill {
  private readonly wanted = new Map<string, Wanted>();
  private running = 0;
  private readonly batchSize: number;
  private readonly inFlight: number;

  constructor(
    private readonly fetch: FetchBatch,
    private readonly apply: ApplyBatch,
    options: FillOptions = {},
  ) {
    this.batchSize = Math.min(options.batchSize ?? 100, METADATA_BATCH_MAX);
    this.inFlight = options.inFlight ?? 4;
  }

  /** Replaces the environment's on-screen wish list. */
  onScreen(environmentId: string, generation: number, names: readonly string[]): void {
    const wanted = this.entry(environmentId, generation);
    wanted.screen = queue(names.filter((name) => !wanted.asked.has(name)));
    this.pump();
  }

  /** Adds names to the background queue (a sort or a tag search needs them all). */
  background(environmentId: string, generation: number, names: readonly string[]): void {
    const wanted = this.entry(environmentId, generation);
    const queued = new Set(wanted.background.names.slice(wanted.background.head));
    for (const name of names) if (!wanted.asked.has(name) && !queued.has(name)) wanted.background.names.push(name);
    this.pump();
  }

  /** Names still waiting (not yet asked) for an environment. */
  pending(environmentId: string): number {
    const wanted = this.wanted.get(environmentId);
    return wanted ? size(wanted.screen) + size(wanted.background) : 0;
  }

  forget(environmentId: string): void {
    this.wanted.delete(environmentId);
  }

  private entry(environmentId: string, generation: number): Wanted {
    let wanted = this.wanted.get(environmentId);
    if (!wanted || wanted.generation !== generation) {
      wanted = { generation, asked: new Set(), screen: queue(), background: queue() };
      this.wanted.set(environmentId, wanted);
    }
    return wanted;
  }

  private take(from: Queue, asked: Set<string>): string[] {
    const names: string[] = [];
    while (names.length < this.batchSize && from.head < from.names.length) {
      const name = from.names[from.head] as string;
      from.head += 1;
      if (asked.has(name)) continue;
      asked.add(name);
      names.push(name);
    }
    return names;
  }

  private next(): { environmentId: string; wanted: Wanted; names: string[] } | null {
    for (const pick of ['screen', 'background'] as const) {
      for (const [environmentId, wanted] of this.wanted) {
        const names = this.take(wanted[pick], wanted.asked);
        if (names.length > 0) return { environmentId, wanted, names };
      }
    }
    return null;
  }

  private pump(): void {
    while (this.running < this.inFlight) {
      const batch = this.next();
      if (!batch) return;
      this.running += 1;
      void this.run(batch.environmentId, batch.wanted, batch.names);
    }
  }

  private async run(environmentId: string, wanted: Wanted, names: string[]): Promise<void> {
    try {
      const answers = await this.fetch(environmentId, names);
      if (this.wanted.get(environmentId) === wanted) this.apply(environmentId, wanted.generation, answers);
    } catch {
      for (const name of names) wanted.asked.delete(name);
      wanted.background = queue();
    } finally {
      this.running -= 1;
      this.pump();
    }
  }
}

function size(from: Queue): number {
  return from.names.length - from.head;
}
