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

const byTime = (a: StoredLogEvent, b: StoredLogEvent) => a.timestamp - b.timestamp || a.seq - b.seq;

export class LogStore {
  private readonly groups: Map<string, number>;
  /** All events in arrival order: the oldest go first when the store is full. */
  private readonly events: StoredLogEvent[];
  /** Each group's events ordered by (timestamp, seq), so a read does not scan or sort the region's. */
  private readonly byGroup = new Map<string, StoredLogEvent[]>();
  private seq: number;

  constructor(doc?: LogDocument) {
    this.groups = new Map(Object.entries(doc?.groups ?? {}));
    this.events = [...(doc?.events ?? [])];
    this.seq = this.events.reduce((max, e) => Math.max(max, e.seq), 0);
    for (const event of this.events) this.groupEvents(event.group).push(event);
    for (const list of this.byGroup.values()) list.sort(byTime);
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
    const event: StoredLogEvent = { group, stream, timestamp, ingestionTime: timestamp + 7, message, seq: this.seq };
    this.events.push(event);
    const list = this.groupEvents(group);
    // Events arrive in time order unless the clock stepped back: the slot is nearly always the end.
    let at = list.length;
    while (at > 0 && byTime(list[at - 1] as StoredLogEvent, event) > 0) at -= 1;
    list.splice(at, 0, event);
    if (this.events.length > MAX_LOG_EVENTS) this.evictOldest();
  }

  /** A group's events ordered by (timestamp, seq). */
  eventsOf(group: string): readonly StoredLogEvent[] {
    return this.byGroup.get(group) ?? [];
  }

  get isEmpty(): boolean {
    return this.groups.size === 0;
  }

  toDocument(): LogDocument {
    return { groups: Object.fromEntries(this.groups), events: [...this.events] };
  }

  private groupEvents(group: string): StoredLogEvent[] {
    let list = this.byGroup.get(group);
    if (!list) this.byGroup.set(group, (list = []));
    return list;
  }

  private evictOldest(): void {
    const oldest = this.events.shift();
    if (!oldest) return;
    const list = this.groupEvents(oldest.group);
    list.splice(list.indexOf(oldest), 1);
  }
}
