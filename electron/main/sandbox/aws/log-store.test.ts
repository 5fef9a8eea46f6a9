import { describe, expect, it } from 'vitest';
import { LogStore, MAX_LOG_EVENTS } from './log-store';

describe('LogStore', () => {
  it('keeps each group in (timestamp, seq) order, a late event included, and after a reload', () => {
    const store = new LogStore();
    store.append('/g', 's', 20, 'b');
    store.append('/other', 's', 15, 'x');
    store.append('/g', 's', 10, 'a');
    store.append('/g', 's', 20, 'c');
    expect(store.eventsOf('/g').map((e) => e.message)).toEqual(['a', 'b', 'c']);
    expect(new LogStore(store.toDocument()).eventsOf('/g').map((e) => e.message)).toEqual(['a', 'b', 'c']);
    expect(store.eventsOf('/none')).toEqual([]);
  });

  it('drops the oldest arrivals past the bound, from their group too', () => {
    const store = new LogStore();
    store.append('/first', 's', 1, 'first');
    for (let i = 0; i < MAX_LOG_EVENTS; i += 1) store.append('/g', 's', 2 + i, String(i));
    expect(store.eventsOf('/first')).toEqual([]);
    expect(store.eventsOf('/g')).toHaveLength(MAX_LOG_EVENTS);
    store.append('/g', 's', 0, 'late');
    expect(store.eventsOf('/g')[0]?.message).toBe('late');
    expect(store.eventsOf('/g')).toHaveLength(MAX_LOG_EVENTS);
    expect(store.toDocument().events).toHaveLength(MAX_LOG_EVENTS);
  });
});
