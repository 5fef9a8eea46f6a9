import { z } from 'zod';
import { ERROR_CODES } from '../../errors';
import { channel } from '../channel';
import { sensitive } from '../sensitive';
import { ok, uuid } from './common';

const errorCode = z.enum(ERROR_CODES as [string, ...string[]]);
const commonName = z.string().min(1).max(1024);
const reason = z.string().trim().max(500).optional();
/** A current code from the authenticator, where a fresh one is required (protected sides). */
const code = sensitive(z.string().min(6).max(12)).optional();

export const DIFF_STATUSES = ['only-a', 'only-b', 'same', 'different', 'unreadable'] as const;
export const FIELD_STATUSES = ['same', 'different', 'only-a', 'only-b'] as const;
export const DIFF_EXPORT_FORMATS = ['csv', 'json'] as const;

/** "" is the single pseudo-field of a string value. */
export const fieldDiffSchema = z.object({ field: z.string(), status: z.enum(FIELD_STATUSES) });

/** A metadata attribute that differs: tag values and attributes are metadata, never values. */
export const metadataDiffSchema = z.object({
  /** `tag:<key>`, `expiresAt`, `contentType` or `enabled`. */
  key: z.string(),
  a: z.string().nullable(),
  b: z.string().nullable(),
});

export const diffRowSchema = z.object({
  /** The common ("/"-separated) name; for a renamed pair, A's. */
  name: z.string(),
  aName: z.string().nullable(),
  bName: z.string().nullable(),
  status: z.enum(DIFF_STATUSES),
  fields: z.array(fieldDiffSchema),
  unreadable: z.array(z.object({ side: z.enum(['a', 'b']), code: errorCode })),
  metadata: z.array(metadataDiffSchema),
  aVersion: z.string().nullable(),
  bVersion: z.string().nullable(),
});
export type DiffRow = z.infer<typeof diffRowSchema>;

export const diffSummarySchema = z.object({
  total: z.number().int(),
  onlyA: z.number().int(),
  onlyB: z.number().int(),
  same: z.number().int(),
  different: z.number().int(),
  unreadable: z.number().int(),
  metadataDiffers: z.number().int(),
});
export type DiffSummary = z.infer<typeof diffSummarySchema>;

const sideRef = z.object({
  environmentId: uuid,
  environmentName: z.string(),
  connectionName: z.string(),
  protected: z.boolean(),
  readOnly: z.boolean(),
});

export const diffResultSchema = z.object({
  diffId: uuid,
  jobId: uuid,
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  a: sideRef,
  b: sideRef,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  summary: diffSummarySchema,
  rows: z.array(diffRowSchema),
});
export type DiffResult = z.infer<typeof diffResultSchema>;

/** Renamed secrets: A's common name matched to B's. */
export const renameSchema = z.object({ a: commonName, b: commonName });

const comparedSide = z.object({
  version: z.string(),
  kind: z.enum(['string', 'fields', 'binary']),
  encoding: z.enum(['text', 'base64']),
  value: sensitive(z.string()).optional(),
  fields: sensitive(z.record(z.string(), z.string())).optional(),
});

export const PROMOTE_ACTIONS = ['create', 'update', 'none'] as const;
export const PROMOTE_OUTCOMES = ['written', 'would-write', 'unchanged', 'conflict', 'failed'] as const;

const fieldChange = z.object({ field: z.string(), change: z.enum(['add', 'change', 'remove']) });

export const promotePreviewItemSchema = z.object({
  name: z.string(),
  /** Where it would be written: B's native name. */
  target: z.string(),
  action: z.enum(PROMOTE_ACTIONS),
  fields: z.array(fieldChange),
  /** Why nothing would be written (A unreadable, already the same, only in B). */
  note: z.string().nullable(),
});

export const promoteItemSchema = z.object({
  name: z.string(),
  target: z.string(),
  action: z.enum(PROMOTE_ACTIONS),
  outcome: z.enum(PROMOTE_OUTCOMES),
  code: errorCode.nullable(),
  /** B's version before the write (null when created) and after it. */
  previousVersion: z.string().nullable(),
  version: z.string().nullable(),
  fields: z.array(fieldChange),
});
export type PromoteItem = z.infer<typeof promoteItemSchema>;

export const undoItemSchema = z.object({
  name: z.string(),
  target: z.string(),
  /** rolled-back: B is at its previous value again; deleted / destroyed: what promote created is gone. */
  action: z.enum(['rolled-back', 'deleted', 'destroyed']),
  outcome: z.enum(['done', 'conflict', 'failed']),
  code: errorCode.nullable(),
  version: z.string().nullable(),
});
export type UndoItem = z.infer<typeof undoItemSchema>;

const promotionEnvironment = z.object({
  environmentId: uuid,
  /** Null when the environment was removed since. */
  environmentName: z.string().nullable(),
  connectionName: z.string().nullable(),
});

/** Items shown per promotion in `diff:promotions`; the rest are counted in `itemsOmitted`. */
export const PROMOTION_ITEMS_SHOWN = 200;

/** A promote as Keyhole recorded it (names, outcomes, never a value), for the Recent promotions list. */
export const promotionSummarySchema = z.object({
  id: uuid,
  createdAt: z.string(),
  from: promotionEnvironment,
  target: promotionEnvironment.extend({ readOnly: z.boolean() }),
  counts: z.object({ items: z.number().int(), written: z.number().int(), conflicts: z.number().int(), failed: z.number().int() }),
  undone: z.boolean(),
  undoneAt: z.string().nullable(),
  /** Undo needs a fresh code: a secret it would put back is protected. */
  codeRequired: z.boolean(),
  items: z.array(promoteItemSchema.pick({ name: true, target: true, action: true, outcome: true, code: true })),
  itemsOmitted: z.number().int(),
  /** The undo's per-item outcomes (at most PROMOTION_ITEMS_SHOWN); null before it or when it was cut off. */
  undoItems: z.array(undoItemSchema).nullable(),
});
export type PromotionSummary = z.infer<typeof promotionSummarySchema>;

export const diffDefinitionSchema = z.object({
  id: uuid,
  name: z.string(),
  aEnvironmentId: uuid,
  bEnvironmentId: uuid,
  renames: z.array(renameSchema),
  createdAt: z.string(),
});
export type DiffDefinition = z.infer<typeof diffDefinitionSchema>;

export const diffChannels = {
  /** Starts a diff job (progress on `job:progress`); the rows come from `diff:result`. */
  'diff:start': channel(
    z.object({ a: uuid, b: uuid, renames: z.array(renameSchema).max(5000).default([]) }).strict(),
    z.object({ diffId: uuid, jobId: uuid }),
  ),
  /** Statuses only: fingerprints and values never leave main. */
  'diff:result': channel(z.object({ diffId: uuid }).strict(), diffResultSchema),
  /**
   * Both values of one row side by side. Where either side is protected this needs a fresh code
   * (elsewhere a step-up grant only with settings.stepUpEverywhere); audited before any value
   * leaves main. Drop the values after `revealSeconds`.
   */
  'diff:compare': channel(
    z.object({ diffId: uuid, name: commonName, reason, code }).strict(),
    z.object({ a: comparedSide.nullable(), b: comparedSide.nullable(), revealSeconds: z.number().int().positive() }),
  ),
  /** What a promote of these rows would write where: names, create/update, fields changed (no values). */
  'diff:preview': channel(
    z.object({ diffId: uuid, names: z.array(commonName).min(1).max(5000) }).strict(),
    z.object({ target: sideRef, items: z.array(promotePreviewItemSchema) }),
  ),
  /**
   * Copies A's value (as the diff read it) to B with B's concurrency control. `confirmTarget` must
   * name B's environment; `conflict: overwrite` needs `confirmOverwrite`; a protected B needs a
   * fresh code. A dry run checks B's current versions and writes nothing.
   */
  'diff:promote': channel(
    z
      .object({
        diffId: uuid,
        names: z.array(commonName).min(1).max(5000),
        dryRun: z.boolean(),
        conflict: z.enum(['skip', 'overwrite']),
        confirmOverwrite: z.boolean().default(false),
        confirmTarget: z.string().max(80),
        reason,
        code,
      })
      .strict(),
    z.object({ promotionId: uuid.nullable(), dryRun: z.boolean(), items: z.array(promoteItemSchema) }),
  ),
  /** Puts back what a promotion wrote: rolls back updates, deletes what it created. */
  'diff:undo': channel(z.object({ promotionId: uuid, reason, code }).strict(), z.object({ items: z.array(undoItemSchema) })),
  /**
   * The newest promotions (at most 100), newest first, kept across restarts: what each wrote and
   * whether it was undone. Keyhole's own records, like audit:list: not audited.
   */
  'diff:promotions': channel(z.object({}).strict(), z.object({ promotions: z.array(promotionSummarySchema) })),
  /** Writes the diff (names, statuses, metadata; never values) to `<data>/exports/`. */
  'diff:export': channel(
    z.object({ diffId: uuid, formats: z.array(z.enum(DIFF_EXPORT_FORMATS)).min(1).max(2) }).strict(),
    z.object({ files: z.array(z.object({ format: z.enum(DIFF_EXPORT_FORMATS), path: z.string(), rows: z.number().int() })) }),
  ),
  'diff:definitions': channel(z.object({}).strict(), z.object({ definitions: z.array(diffDefinitionSchema) })),
  'diff:saveDefinition': channel(
    z.object({ name: z.string().trim().min(1).max(80), a: uuid, b: uuid, renames: z.array(renameSchema).max(5000).default([]) }).strict(),
    diffDefinitionSchema,
  ),
  'diff:removeDefinition': channel(z.object({ id: uuid }).strict(), ok),
};
