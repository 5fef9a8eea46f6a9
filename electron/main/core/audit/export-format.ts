import type { AuditEvent } from '../../../../shared/audit';
import { canonicalDetails, sortedDetails } from './chain';
import { csvRecord } from './csv';

/** Current names of connections and environments, for the export's convenience columns. */
export interface NameLookup {
  connection(id: string): string | null;
  environment(id: string): string | null;
}

/**
 * The CSV columns: the hashed fields in canonical order (docs/audit-verification.md), then two
 * convenience columns the hash does not cover (current names, blank for a removed one).
 */
export const CSV_COLUMNS = [
  'seq',
  'time',
  'actor_user',
  'actor_host',
  'principal',
  'action',
  'phase',
  'attempt_seq',
  'connection_id',
  'environment_id',
  'path',
  'version',
  'outcome',
  'code',
  'request_id',
  'reason',
  'details',
  'prev_hash',
  'hash',
  'connection_name',
  'environment_name',
] as const;

/** A UTF-8 byte order mark, so spreadsheet programs read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

export const CSV_HEADER = csvRecord(CSV_COLUMNS);

export function csvLine(event: AuditEvent, names: NameLookup): string {
  return csvRecord([
    event.seq,
    event.time,
    event.actorUser,
    event.actorHost,
    event.principal,
    event.action,
    event.phase,
    event.attemptSeq,
    event.connectionId,
    event.environmentId,
    event.path,
    event.version,
    event.outcome,
    event.code,
    event.requestId,
    event.reason,
    canonicalDetails(event.details),
    event.prevHash,
    event.hash,
    event.connectionId === null ? null : names.connection(event.connectionId),
    event.environmentId === null ? null : names.environment(event.environmentId),
  ]);
}

/** One JSON Lines record: the event as stored, raw values, details in canonical key order. */
export function jsonLine(event: AuditEvent): string {
  return `${JSON.stringify({ ...event, details: sortedDetails(event.details) })}\n`;
}
