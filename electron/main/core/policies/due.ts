import type { ProviderKind, RotationInfo } from '../../../../shared/domain';
import { DUE_SOON_DAYS, type DueState, type PolicySource } from '../../../../shared/ipc/channels/policies';

export const DAY_MS = 86_400_000;

/** Keyhole's own intervals that reach one secret: its own and its environment's. */
export interface KeyholeIntervals {
  secret?: number | undefined;
  environment?: number | undefined;
}

/** What the provider says about one secret that bears on its rotation. */
export interface SecretFacts {
  kind: ProviderKind;
  /** AWS RotationEnabled / RotationRules / LastRotatedDate / NextRotationDate. */
  rotation?: RotationInfo | undefined;
  /** Azure's expiry of the current version. */
  expiresAt?: string | undefined;
  /** When the current value last changed (current version's creation, else the secret's update time). */
  lastChange?: string | undefined;
}

export interface Effective {
  source: PolicySource;
  intervalDays?: number;
  schedule?: string;
  /** A due date the source fixes itself (AWS NextRotationDate for a schedule, Azure expiry). */
  fixedDueAt?: string;
}

export type LastFrom = 'keyhole' | 'aws' | 'last-change';

export interface LastRotated {
  at: string;
  from: LastFrom;
}

/**
 * The interval that applies, strongest first: AWS's own rotation while it is on, a Keyhole policy
 * on the secret, Azure's expiry, a Keyhole policy on the environment. Null: nothing covers it.
 */
export function effectiveOf(facts: SecretFacts, keyhole: KeyholeIntervals): Effective | null {
  const rotation = facts.rotation;
  if (facts.kind === 'aws' && rotation?.enabled === true) {
    if (rotation.rulesDays !== undefined) {
      return { source: 'aws', intervalDays: rotation.rulesDays, ...(rotation.schedule !== undefined ? { schedule: rotation.schedule } : {}) };
    }
    // A schedule (cron/rate) has no interval in days: AWS's NextRotationDate is the due date.
    if (rotation.schedule !== undefined && validTime(rotation.nextRotationAt)) {
      return { source: 'aws', schedule: rotation.schedule, fixedDueAt: rotation.nextRotationAt };
    }
  }
  if (keyhole.secret !== undefined) return { source: 'keyhole-secret', intervalDays: keyhole.secret };
  if (facts.kind === 'azure' && validTime(facts.expiresAt)) return { source: 'azure-expiry', fixedDueAt: facts.expiresAt };
  if (keyhole.environment !== undefined) return { source: 'keyhole-environment', intervalDays: keyhole.environment };
  return null;
}

/**
 * The newest completed Keyhole rotation, else AWS's LastRotatedDate, else the value's last change.
 * Where AWS rotated after Keyhole's newest rotation (its own schedule), AWS's date is the later truth.
 */
export function lastRotatedOf(keyholeAt: string | undefined, facts: SecretFacts): LastRotated | undefined {
  const aws = facts.rotation?.lastRotatedAt;
  if (validTime(keyholeAt) && !(validTime(aws) && Date.parse(aws) > Date.parse(keyholeAt))) return { at: keyholeAt, from: 'keyhole' };
  if (validTime(aws)) return { at: aws, from: 'aws' };
  if (validTime(facts.lastChange)) return { at: facts.lastChange, from: 'last-change' };
  return undefined;
}

/** When the secret is due: the source's own date, else the last rotation plus the interval. */
export function dueAtOf(effective: Effective, last: LastRotated | undefined): string | undefined {
  if (effective.fixedDueAt !== undefined) return effective.fixedDueAt;
  if (last === undefined || effective.intervalDays === undefined) return undefined;
  return new Date(Date.parse(last.at) + effective.intervalDays * DAY_MS).toISOString();
}

/** Overdue once the due instant is reached; due soon within DUE_SOON_DAYS of it. */
export function stateOf(dueAt: string, nowMs: number): DueState {
  const left = Date.parse(dueAt) - nowMs;
  if (left <= 0) return 'overdue';
  return left <= DUE_SOON_DAYS * DAY_MS ? 'due-soon' : 'ok';
}

function validTime(text: string | undefined): text is string {
  return text !== undefined && !Number.isNaN(Date.parse(text));
}
