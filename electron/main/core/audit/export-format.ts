import type { AuditEvent } from '../../../../shared/audit';
import { eventFromRow, type AuditRowRecord } from './audit-log';
import { sortedDetails } from './chain';
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

/** One row ready to write: the details in canonical key order, as an object and as text. */
export interface ExportRow {
  row: AuditRowRecord;
  details: AuditEvent['details'];
  detailsText: string;
}

export function exportRow(row: AuditRowRecord): ExportRow {
  const details = sortedDetails(JSON.parse(row.details) as AuditEvent['details']);
  return { row, details, detailsText: JSON.stringify(details) };
}

export function csvLine({ row, detailsText }: ExportRow, names: NameLookup): string {
  return csvRecord([
    row.seq,
    row.time,
    row.actor_user,
    row.actor_host,
    row.principal,
    row.action,
    row.phase,
    row.attempt_seq,
    row.connection_id,
    row.environment_id,
    row.path,
    row.version,
    row.outcome,
    row.code,
    row.request_id,
    row.reason,
    detailsText,
    row.prev_hash,
    row.hash,
    row.connection_id === null ? null : names.connection(row.connection_id),
    row.environment_id === null ? null : names.environment(row.environment_id),
  ]);
}

/** One JSON Lines record: the event exactly as `audit:list` gives it (raw values), details in canonical key order. */
export function jsonLine({ row, details }: ExportRow): string {
  const event = eventFromRow(row, details);
  return `${JSON.stringify(event)}\n`;
}
