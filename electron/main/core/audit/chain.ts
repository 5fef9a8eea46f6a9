import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../../../shared/audit';

/** The hash that starts the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every field except the hash, in a fixed order: what the hash covers. */
export type UnhashedEvent = Omit<AuditEvent, 'hash'>;

/** The hashed fields in the order the canonical form lists them (also the export's column order). */
export const CANONICAL_FIELDS: ReadonlyArray<keyof UnhashedEvent> = [
  'seq',
  'time',
  'actorUser',
  'actorHost',
  'principal',
  'action',
  'phase',
  'attemptSeq',
  'connectionId',
  'environmentId',
  'path',
  'version',
  'outcome',
  'code',
  'requestId',
  'reason',
  'details',
  'prevHash',
];

/** Details with keys sorted by UTF-16 code units, as they appear inside the canonical form. */
export function sortedDetails(details: AuditEvent['details']): AuditEvent['details'] {
  const keys = Object.keys(details);
  // Already in order (the usual case): rebuilding would give the same object.
  if (keys.every((key, i) => i === 0 || keys[i - 1]! < key)) return details;
  return Object.fromEntries(Object.entries(details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The details exactly as the canonical form spells them. (ECMAScript puts integer-like keys
 * first whatever the insertion order, so an auditor should hash this text as written rather than
 * re-serialise it: docs/audit-verification.md.)
 */
export function canonicalDetails(details: AuditEvent['details']): string {
  return JSON.stringify(sortedDetails(details));
}

/** Canonical JSON: fixed field order, details with sorted keys, so an auditor can recompute it. */
export function canonicalEvent(event: UnhashedEvent): string {
  const details = sortedDetails(event.details);
  return JSON.stringify(CANONICAL_FIELDS.map((field) => (field === 'details' ? details : event[field])));
}

/** SHA-256 over the canonical form, which includes the previous event's hash. */
export function hashEvent(event: UnhashedEvent): string {
  return createHash('sha256').update(canonicalEvent(event), 'utf8').digest('hex');
}
