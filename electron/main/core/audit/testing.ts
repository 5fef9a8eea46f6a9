import type { AuditEvent } from '../../../../shared/audit';
import type { Db } from '../store/database';
import { eventParams, INSERT_EVENT_SQL } from './audit-log';
import { GENESIS_HASH, hashEvent, type UnhashedEvent } from './chain';

export type RawEvent = Partial<Omit<UnhashedEvent, 'seq' | 'prevHash'>> & Pick<UnhashedEvent, 'time' | 'action'>;

/**
 * Appends correctly chained events with any actor, time or field, straight into the store: tests
 * need actors and times the AuditLog (which records this OS user and the clock) cannot produce.
 */
export function appendRaw(db: Db, events: readonly RawEvent[]): AuditEvent[] {
  const insert = db.prepare(INSERT_EVENT_SQL);
  return db.transaction(() => {
    const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    return events.map((raw) => {
      seq += 1;
      const unhashed: UnhashedEvent = {
        seq,
        time: raw.time,
        actorUser: raw.actorUser ?? 'ops',
        actorHost: raw.actorHost ?? 'laptop',
        principal: raw.principal ?? null,
        action: raw.action,
        phase: raw.phase ?? (raw.outcome ? 'event' : 'attempt'),
        attemptSeq: raw.attemptSeq ?? null,
        connectionId: raw.connectionId ?? null,
        environmentId: raw.environmentId ?? null,
        path: raw.path ?? null,
        version: raw.version ?? null,
        outcome: raw.outcome ?? null,
        code: raw.code ?? null,
        requestId: raw.requestId ?? null,
        reason: raw.reason ?? null,
        details: raw.details ?? {},
        prevHash,
      };
      const event: AuditEvent = { ...unhashed, hash: hashEvent(unhashed) };
      insert.run(...eventParams(event));
      prevHash = event.hash;
      return event;
    });
  })();
}
