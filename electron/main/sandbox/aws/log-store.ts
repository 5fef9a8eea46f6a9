/**
 * One region's CloudWatch Logs as the sandbox keeps them: log groups, and the events of all
 * their streams in arrival order, bounded (the oldest events go first). The sandbox's only
 * writer is its Lambda rotation function.
 */
export interface StoredLogEvent {
  group: string;
  stream: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** Grows with every event in the region: orders events that share a timestamp. */
  seq: number;
}

export interface LogDocument {
  groups: Record<string, number>;
  events: StoredLogEvent[];
}

export const MAX_LOG_EVENTS = 10_000;

export class LogStore {
  private readonly groups: Map<string, number>;
  private events: StoredLogEvent[];
  private seq: number;

  constructor(doc?: LogDocument) {
    this.groups = new Map(Object.entries(doc?.groups ?? {}));
    this.events = [...(doc?.events ?? [])];
    this.seq = this.events.reduce((max, e) => Math.max(max, e.seq), 0);
  }

  ensureGroup(name: string, now: number): void {
    if (!this.groups.has(name)) this.groups.set(name, now);
  }

  groupCreatedAt(name: string): number | undefined {
    return this.groups.get(name);
  }

  groupNames(): string[] {
    return [...this.groups.keys()].sort();
  }

  append(group: string, stream: string, timestamp: number, message: string): void {
    this.ensureGroup(group, timestamp);
    this.seq += 1;
    this.events.push({ group, stream, timestamp, ingestionTime: timestamp + 7, message, seq: this.seq });
    if (this.events.length > MAX_LOG_EVENTS) this.events = this.events.slice(this.events.length - MAX_LOG_EVENTS);
  }

  /** A group's events ordered by (timestamp, seq). */
  eventsOf(group: string): StoredLogEvent[] {
    return this.events.filter((e) => e.group === group).sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  }

  get isEmpty(): boolean {
    return this.groups.size === 0;
  }

  toDocument(): LogDocument {
    return { groups: Object.fromEntries(this.groups), events: [...this.events] };
  }
}
