import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../../../shared/audit';

/** The hash that starts the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every field except the hash, in a fixed order: what the hash covers. */
export type UnhashedEvent = Omit<AuditEvent, 'hash'>;

const FIELDS: Array<keyof UnhashedEvent> = [
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

/** Canonical JSON: fixed field order, details with sorted keys, so an auditor can recompute it. */
export function canonicalEvent(event: UnhashedEvent): string {
  const details = Object.fromEntries(Object.entries(event.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(FIELDS.map((field) => (field === 'details' ? details : event[field])));
}

/** SHA-256 over the canonical form, which includes the previous event's hash. */
export function hashEvent(event: UnhashedEvent): string {
  return createHash('sha256').update(canonicalEvent(event), 'utf8').digest('hex');
}
