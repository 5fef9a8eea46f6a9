import { z } from 'zod';
import { AWS_ROTATION_STEPS } from '../../domain';
import { channel } from '../channel';
import { sensitive } from '../sensitive';
import { empty, uuid } from './common';

const name = z.string().min(1).max(1024);
const field = z.string().min(1).max(256);
const roleName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/);

export const ROTATION_STEPS = ['generate', 'stage', 'apply', 'validate', 'promote', 'verify', 'finish'] as const;
export type RotationStepName = (typeof ROTATION_STEPS)[number];

export const generatorPolicySchema = z
  .object({
    length: z.number().int().min(12).max(256),
    lower: z.boolean(),
    upper: z.boolean(),
    digits: z.boolean(),
    symbols: z.boolean(),
    /** Characters never used (say quotes or characters a connection string mangles). */
    exclude: z.string().max(128),
  })
  .strict()
  .refine((p) => p.lower || p.upper || p.digits || p.symbols, { message: 'one class at least' });
export type GeneratorPolicy = z.infer<typeof generatorPolicySchema>;

export const generatorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('random'), policy: generatorPolicySchema }).strict(),
  /** The operator types the new value; it travels once, on rotation:start. */
  z.object({ kind: z.literal('manual'), value: sensitive(z.string().min(1).max(4096)) }).strict(),
]);

const secretRef = z.object({ environmentId: uuid, name }).strict();

export const targetSchema = z.discriminatedUnion('kind', [
  /** No system to change: the operator ticks each item of the checklist before promote. */
  z.object({ kind: z.literal('none'), checklist: z.array(z.string().min(1).max(300)).max(20) }).strict(),
  z
    .object({
      kind: z.literal('postgres'),
      strategy: z.enum(['single', 'alternating']),
      /** Connect with the secret's own fields, or with an admin secret's (host/port/username/password/dbname). */
      connectWith: z.discriminatedUnion('source', [
        z.object({ source: z.literal('self') }).strict(),
        z.object({ source: z.literal('admin'), secret: secretRef }).strict(),
      ]),
      /** Alternating: the two roles that take turns; the secret's username says which is current. */
      roles: z.tuple([roleName, roleName]).optional(),
    })
    .strict(),
]);

export const validatorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('postgres-login') }).strict(),
  /** A request that must answer 2xx with the new value in a header (say Authorization: Bearer). */
  z
    .object({
      kind: z.literal('http'),
      url: z
        .string()
        .url()
        .regex(/^https?:\/\//),
      header: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
      prefix: z.string().max(64),
    })
    .strict(),
]);

export const rotationPlanSchema = z
  .object({
    secret: secretRef,
    /** The field that gets the new value: a field of a map value, or a key of a JSON object string. Absent: the whole string. */
    field: field.optional(),
    generator: generatorSchema,
    target: targetSchema,
    validators: z.array(validatorSchema).max(5),
  })
  .strict();
export type RotationPlan = z.infer<typeof rotationPlanSchema>;

export const stepStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'undone', 'skipped']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const rotationStatusSchema = z.enum(['running', 'awaiting-confirmation', 'interrupted', 'failed', 'rolled-back', 'completed']);
export type RotationStatus = z.infer<typeof rotationStatusSchema>;

export const rotationStatusOrCancelled = z.enum([...rotationStatusSchema.options, 'cancelled']);

const stepView = z.object({
  /** A guided rotation's steps, or the four steps of an AWS rotation function. */
  name: z.enum([...ROTATION_STEPS, ...AWS_ROTATION_STEPS]),
  status: stepStatusSchema,
  /** What the step will do, said before it runs. */
  plan: z.string(),
  /** What it did (or what undoing it did), said after. */
  result: z.string().optional(),
  at: z.string().optional(),
});

/** What Keyhole saw of an AWS native rotation (RotateSecret), followed through the labels and the function's log. */
export const nativeRotationViewSchema = z.object({
  /** False: RotateImmediately=false, a test of the configuration (testSecret on a pending version that is then removed). */
  immediately: z.boolean(),
  /** The ClientRequestToken: the version the rotation creates. */
  version: z.string(),
  lambdaArn: z.string().optional(),
  /** The step that failed: from the function's log, else from what the labels show. */
  failedStep: z.enum(AWS_ROTATION_STEPS).optional(),
  /** Said when the log could not tell setSecret from testSecret apart. */
  failedStepUncertain: z.boolean().optional(),
  /** What a failed or cancelled rotation left behind, in plain words (labels and versions, never a value). */
  leftBehind: z.string().optional(),
  /** The version still carrying AWSPENDING, when there is one to clean up. */
  pendingVersion: z.string().optional(),
  /** Whether the rotation function's log (CloudWatch Logs) could be read. */
  logRead: z.boolean(),
  /** No label moved and the log said nothing new for longer than the stall threshold. */
  stalled: z.boolean(),
  /** Whether automatic rotation is on after this rotation (CancelRotateSecret turns it off). */
  automaticRotation: z.boolean().optional(),
});
export type NativeRotationView = z.infer<typeof nativeRotationViewSchema>;

export const rotationViewSchema = z.object({
  id: uuid,
  kind: z.enum(['guided', 'aws-native']),
  environmentId: uuid,
  name: z.string(),
  field: z.string().optional(),
  target: z.enum(['none', 'postgres', 'aws-native']),
  strategy: z.enum(['single', 'alternating']).optional(),
  status: rotationStatusOrCancelled,
  /** Set when the rotation ran as an item of a bulk rotation. */
  bulkId: uuid.optional(),
  native: nativeRotationViewSchema.optional(),
  /** The step waiting for the operator's confirmation. */
  awaiting: z.enum(['apply', 'promote']).optional(),
  protected: z.boolean(),
  checklist: z.array(z.string()),
  steps: z.array(stepView),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RotationView = z.infer<typeof rotationViewSchema>;

const reason = z.string().trim().max(500).optional();
const freshCode = sensitive(z.string().min(1).max(64)).optional();

/** Where AWS rotation stands for one secret, read before offering a native rotation. */
export const nativeInfoSchema = z.object({
  /** Whether the provider can rotate natively (AWS only). */
  supported: z.boolean(),
  enabled: z.boolean(),
  lambdaArn: z.string().optional(),
  rulesDays: z.number().int().optional(),
  schedule: z.string().optional(),
  lastRotatedAt: z.string().optional(),
  nextRotationAt: z.string().optional(),
  /** Where AWSPENDING is: on another version than AWSCURRENT it blocks every later RotateSecret. */
  pending: z.object({ version: z.string(), onCurrent: z.boolean(), hasValue: z.boolean() }).nullable(),
});
export type NativeInfo = z.infer<typeof nativeInfoSchema>;

/** The plan a bulk rotation applies to each secret: a guided plan without its secret, or AWS's own rotation. */
export const bulkTemplateSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('guided'),
      field: field.optional(),
      /** Random only: one typed value for many secrets is not a rotation. */
      generator: z.object({ kind: z.literal('random'), policy: generatorPolicySchema }).strict(),
      target: targetSchema,
      validators: z.array(validatorSchema).max(5),
    })
    .strict(),
  z.object({ kind: z.literal('aws-native'), immediately: z.boolean() }).strict(),
]);
export type BulkTemplate = z.infer<typeof bulkTemplateSchema>;

export const bulkItemStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'skipped', 'cancelled']);
export const bulkStatusSchema = z.enum(['running', 'completed', 'stopped', 'cancelled', 'interrupted']);

export const bulkViewSchema = z.object({
  id: uuid,
  status: bulkStatusSchema,
  continueOnFailure: z.boolean(),
  /** The template in plain words ("random 32 characters for password, PostgreSQL single user"). */
  summary: z.string(),
  items: z.array(
    z.object({
      environmentId: uuid,
      name: z.string(),
      status: bulkItemStatusSchema,
      rotationId: uuid.optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
      finishedAt: z.string().optional(),
    }),
  ),
  /** The job that reports progress (job:progress) and takes jobs:cancel while it runs. */
  jobId: uuid.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BulkView = z.infer<typeof bulkViewSchema>;

/**
 * Guided rotation (docs/architecture.md, Rotation): a plan, then a runbook of durable steps that
 * survives a crash at any step. The operator confirms before apply and before promote (a fresh code
 * where the path is protected); any failure undoes what was done. Nothing here carries a value
 * except a manually entered one, once, on rotation:start.
 */
export const rotationChannels = {
  /** Every rotation, newest first; an interrupted one is shown with where it stopped. */
  'rotation:list': channel(empty, z.object({ rotations: z.array(rotationViewSchema) })),
  'rotation:get': channel(z.object({ id: uuid }).strict(), rotationViewSchema),
  /** Refused with ROTATION_PENDING while another rotation of the secret (or an AWSPENDING label) is pending. */
  'rotation:start': channel(z.object({ plan: rotationPlanSchema, reason }).strict(), rotationViewSchema),
  /** Confirms the awaited step and runs on to the next confirmation or the end. */
  'rotation:confirm': channel(
    z
      .object({
        id: uuid,
        step: z.enum(['apply', 'promote']),
        code: sensitive(z.string().min(1).max(64)).optional(),
        checklist: z.array(z.boolean()).max(20).optional(),
      })
      .strict(),
    rotationViewSchema,
  ),
  /** Runs an interrupted rotation on from its last durable step. */
  'rotation:resume': channel(z.object({ id: uuid }).strict(), rotationViewSchema),
  /** Undoes what was done (the target gets the old credential back, the pending value is dropped). */
  'rotation:abort': channel(z.object({ id: uuid }).strict(), rotationViewSchema),

  /** AWS rotation configuration and where AWSPENDING is, for one secret. */
  'rotation:nativeInfo': channel(secretRef, nativeInfoSchema),
  /**
   * Triggers the secret's AWS rotation function (RotateSecret) and follows it in main until
   * AWSPENDING is promoted or the rotation fails; rotation:get reports each step. A fresh code
   * where the path is protected. Refused with ROTATION_PENDING_LABEL while AWSPENDING sits on
   * another version than AWSCURRENT (clean it up first).
   */
  'rotation:startNative': channel(z.object({ secret: secretRef, immediately: z.boolean(), code: freshCode, reason }).strict(), rotationViewSchema),
  /** CancelRotateSecret, then removes AWSPENDING from the partial version; says what it left. */
  'rotation:cancelNative': channel(z.object({ id: uuid, code: freshCode }).strict(), rotationViewSchema),
  /** Removes an AWSPENDING label left on a version (aws-secrets-manager-rotation-lambdas#168). */
  'rotation:cleanPending': channel(
    z.object({ secret: secretRef, version: z.string().min(1).max(64), code: freshCode, reason }).strict(),
    nativeInfoSchema,
  ),

  /**
   * Rotates several secrets with one template, one after another, each as a rotation of its own
   * that runs unattended (this request is the confirmation of every apply and promote; one fresh
   * code covers the protected items). Stops at the first failure unless continueOnFailure.
   */
  'rotation:bulkStart': channel(
    z
      .object({
        items: z.array(secretRef).min(1).max(500),
        template: bulkTemplateSchema,
        continueOnFailure: z.boolean(),
        /** For a checklist target: ticked once, for every item. */
        checklist: z.array(z.boolean()).max(20).optional(),
        code: freshCode,
        reason,
      })
      .strict(),
    bulkViewSchema,
  ),
  'rotation:bulkGet': channel(z.object({ id: uuid }).strict(), bulkViewSchema),
  'rotation:bulkList': channel(empty, z.object({ bulks: z.array(bulkViewSchema) })),
  /** Stops before the next item; the item running finishes (or undoes) as it would alone. */
  'rotation:bulkCancel': channel(z.object({ id: uuid }).strict(), bulkViewSchema),
};
