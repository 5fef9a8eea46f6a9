import { z } from 'zod';
import { channel } from '../channel';
import { sensitive } from '../sensitive';
import { ok, uuid } from './common';

const name = z.string().min(1).max(1024);
const reason = z.string().trim().max(500).optional();
const freshCode = sensitive(z.string().min(1).max(64)).optional();

export const policyScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('environment'), environmentId: uuid }).strict(),
  z.object({ kind: z.literal('secret'), environmentId: uuid, name }).strict(),
]);
export type PolicyScope = z.infer<typeof policyScopeSchema>;

/** 30, 60 and 90 are offered; anything from a day to ten years is accepted. */
export const intervalDaysSchema = z.number().int().min(1).max(3650);

/**
 * Where a secret's interval comes from, strongest first: the provider's own rotation schedule
 * (AWS RotationRules while rotation is on), a Keyhole policy on the secret, the provider's expiry
 * (Azure), a Keyhole policy on its environment.
 */
export const policySourceSchema = z.enum(['aws', 'keyhole-secret', 'azure-expiry', 'keyhole-environment']);
export type PolicySource = z.infer<typeof policySourceSchema>;

/** Where "last rotated" comes from: a rotation Keyhole ran, AWS's LastRotatedDate, or else the last change of the value. */
export const lastFromSchema = z.enum(['keyhole', 'aws', 'last-change']);

export const dueStateSchema = z.enum(['overdue', 'due-soon', 'ok']);
export type DueState = z.infer<typeof dueStateSchema>;
/** Due within this many days counts as due soon. */
export const DUE_SOON_DAYS = 14;

export const policyViewSchema = z.object({
  scope: policyScopeSchema,
  intervalDays: intervalDaysSchema,
  updatedAt: z.string(),
});
export type PolicyView = z.infer<typeof policyViewSchema>;

export const dueItemSchema = z.object({
  environmentId: uuid,
  name: z.string(),
  source: policySourceSchema,
  /** Absent for a schedule expression (AWS cron/rate) or an expiry-only policy. */
  intervalDays: z.number().int().optional(),
  schedule: z.string().optional(),
  lastRotatedAt: z.string().optional(),
  lastFrom: lastFromSchema.optional(),
  dueAt: z.string(),
  state: dueStateSchema,
});
export type DueItem = z.infer<typeof dueItemSchema>;

export const dueReportSchema = z.object({
  computedAt: z.string(),
  items: z.array(dueItemSchema),
  /** Secrets under a policy whose last rotation could not be read (the provider failed for them). */
  unknown: z.number().int().nonnegative(),
  /** Environments that could not be read at all, with why. */
  failed: z.array(z.object({ environmentId: uuid, code: z.string(), message: z.string() })),
});
export type DueReport = z.infer<typeof dueReportSchema>;

export const rotationHistoryEntrySchema = z.object({
  at: z.string(),
  /** guided / aws-native: run by Keyhole; aws-reported: AWS's LastRotatedDate with no Keyhole rotation behind it. */
  kind: z.enum(['guided', 'aws-native', 'aws-reported']),
  outcome: z.enum(['running', 'awaiting-confirmation', 'interrupted', 'failed', 'rolled-back', 'completed', 'cancelled', 'reported']),
  rotationId: uuid.optional(),
  bulkId: uuid.optional(),
  /** The version the rotation made current, where it did. */
  version: z.string().optional(),
  actor: z.string().optional(),
  /** One line: what happened (a failed step, a rollback), never a value. */
  summary: z.string(),
});
export type RotationHistoryEntry = z.infer<typeof rotationHistoryEntrySchema>;

export const secretPolicySchema = z.object({
  /** The interval that applies and where it comes from; null: no policy covers the secret. */
  effective: z.object({ source: policySourceSchema, intervalDays: z.number().int().optional(), schedule: z.string().optional() }).nullable(),
  /** Keyhole's own policies that cover the secret (a provider schedule may shadow them). */
  keyhole: z.object({ secret: intervalDaysSchema.optional(), environment: intervalDaysSchema.optional() }),
  lastRotatedAt: z.string().optional(),
  lastFrom: lastFromSchema.optional(),
  dueAt: z.string().optional(),
  state: z.enum(['overdue', 'due-soon', 'ok', 'no-policy']),
  /** Newest first. */
  history: z.array(rotationHistoryEntrySchema),
});
export type SecretPolicy = z.infer<typeof secretPolicySchema>;

/**
 * Rotation policies (docs/architecture.md, Rotation policies): intervals per environment or per
 * secret, read from the provider where it has them and kept by Keyhole where it has not, and the
 * due / overdue report built from them. Lengthening or clearing an interval on a protected
 * environment is a protected change (PROTECTED_CHANGE without a fresh code).
 */
export const policiesChannels = {
  'policy:list': channel(z.object({}).strict(), z.object({ policies: z.array(policyViewSchema) })),
  'policy:set': channel(z.object({ scope: policyScopeSchema, intervalDays: intervalDaysSchema, code: freshCode, reason }).strict(), policyViewSchema),
  'policy:clear': channel(z.object({ scope: policyScopeSchema, code: freshCode, reason }).strict(), ok),
  /** Every secret under a policy in the environments (all when empty), with when it is due; runs as a job (job:progress). */
  'policy:due': channel(z.object({ environmentIds: z.array(uuid).max(200) }).strict(), dueReportSchema),
  /** One secret's policy, due date and rotation history. */
  'policy:secret': channel(z.object({ environmentId: uuid, name }).strict(), secretPolicySchema),
};
