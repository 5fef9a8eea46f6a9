import { z } from 'zod';
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

const stepView = z.object({
  name: z.enum(ROTATION_STEPS),
  status: stepStatusSchema,
  /** What the step will do, said before it runs. */
  plan: z.string(),
  /** What it did (or what undoing it did), said after. */
  result: z.string().optional(),
  at: z.string().optional(),
});

export const rotationViewSchema = z.object({
  id: uuid,
  environmentId: uuid,
  name: z.string(),
  field: z.string().optional(),
  target: z.enum(['none', 'postgres']),
  strategy: z.enum(['single', 'alternating']).optional(),
  status: rotationStatusSchema,
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
};
