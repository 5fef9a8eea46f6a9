import { z } from 'zod';

/** Audit vocabulary shared by main and the renderer's audit view. Details never hold values. */
export const AUDIT_PHASES = ['attempt', 'outcome', 'event'] as const;
export const AUDIT_OUTCOMES = ['success', 'failure', 'refused'] as const;

export const auditEventSchema = z.object({
  seq: z.number().int().positive(),
  time: z.string(),
  actorUser: z.string(),
  actorHost: z.string(),
  principal: z.string().nullable(),
  action: z.string(),
  phase: z.enum(AUDIT_PHASES),
  attemptSeq: z.number().int().nullable(),
  connectionId: z.string().nullable(),
  environmentId: z.string().nullable(),
  path: z.string().nullable(),
  version: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES).nullable(),
  code: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Actions the audit log records about itself. */
export const AUDIT_SELF_ACTIONS = { export: 'audit.export', prune: 'audit.prune', verify: 'audit.verify' } as const;

/**
 * What verification proves and what it does not, in words the app shows beside the result
 * (ARCHITECTURE: Audit). Keep it honest: the chain is tamper-evident, not tamper-proof.
 */
export const AUDIT_VERIFICATION_STATEMENT = {
  proves: [
    'Every event still hashes to the value recorded for it, and each one names the hash of the event before it, so an event edited, inserted, removed or moved without recomputing the chain is found, and the first broken link is shown.',
    'The newest (sequence, hash) is also kept in the OS keychain, so a log file cut short or put back to an earlier copy is found while the keychain entry survives.',
    'Events removed by the retention setting are accounted for: the log starts at a recorded anchor (the last removed sequence and hash), which the chain itself confirms.',
  ],
  doesNotProve: [
    'It does not stop anyone who runs as your OS user from rewriting the whole log and the keychain entry together: that produces a chain that verifies. The chain is evidence of tampering, not protection from it.',
    'It does not prove an event is true, only that it has not changed since it was written; an event is only as trustworthy as the Keyhole that wrote it.',
    'It says nothing about events Keyhole never wrote (work done with other tools, or on another machine).',
  ],
} as const;

/** A failure burst: this many failed or refused events by one actor within the window. */
export const FAILURE_BURST = { threshold: 3, windowMinutes: 10 } as const;

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(128);

/**
 * Which events a query, a chart, an alert list or an export selects. Every given field narrows
 * the selection; `to` is exclusive; `pathContains` is a case-insensitive (ASCII) substring.
 */
export const auditFilterSchema = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    actions: z.array(z.string().min(1).max(64)).min(1).max(64).optional(),
    outcomes: z.array(z.enum(AUDIT_OUTCOMES)).min(1).optional(),
    phases: z.array(z.enum(AUDIT_PHASES)).min(1).optional(),
    connectionId: id.optional(),
    environmentId: id.optional(),
    actorUser: z.string().min(1).max(256).optional(),
    actorHost: z.string().min(1).max(256).optional(),
    principal: z.string().min(1).max(1024).optional(),
    pathContains: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** A row of the audit table: the event and whether it is part of a failure burst. */
export const auditRowSchema = auditEventSchema.extend({ flagged: z.boolean() });
export type AuditRow = z.infer<typeof auditRowSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditRowSchema),
  /** Pass as `beforeSeq` for the next (older) page; null when this page is the last. */
  nextBeforeSeq: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditHistogramSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucketMs: z.number().int().positive(),
  total: z.number().int().nonnegative(),
  /** Actions with their totals, most frequent first. */
  actions: z.array(z.object({ action: z.string(), count: z.number().int().nonnegative() })),
  buckets: z.array(
    z.object({ start: z.string(), total: z.number().int().nonnegative(), counts: z.record(z.string(), z.number().int().nonnegative()) }),
  ),
});
export type AuditHistogram = z.infer<typeof auditHistogramSchema>;

export const failureBurstSchema = z.object({
  actorUser: z.string(),
  actorHost: z.string(),
  count: z.number().int().positive(),
  firstSeq: z.number().int().positive(),
  lastSeq: z.number().int().positive(),
  from: z.string(),
  to: z.string(),
  actions: z.array(z.string()),
});
export type FailureBurst = z.infer<typeof failureBurstSchema>;

const actorSummarySchema = z.object({
  actorUser: z.string(),
  actorHost: z.string(),
  principal: z.string().nullable(),
  count: z.number().int().positive(),
  last: z.string(),
  actions: z.array(z.string()),
});
export type ActorSummary = z.infer<typeof actorSummarySchema>;

/** "Who saw it, who changed it" for one secret, plus its events newest first. */
export const secretAuditSchema = auditPageSchema.extend({ seen: z.array(actorSummarySchema), changed: z.array(actorSummarySchema) });
export type SecretAudit = z.infer<typeof secretAuditSchema>;

export const auditFacetsSchema = z.object({
  actions: z.array(z.string()),
  actors: z.array(z.object({ actorUser: z.string(), actorHost: z.string() })),
  principals: z.array(z.string()),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
});
export type AuditFacets = z.infer<typeof auditFacetsSchema>;

/**
 * Actions that put a value in front of someone: reveal, copy, compare values (history), compare
 * side by side (diff). `secret.compare` (history) compares keyed fingerprints and shows no value.
 */
export const VALUE_SEEN_ACTIONS: readonly string[] = ['secret.reveal', 'secret.copy', 'secret.compare_values', 'diff.compare', 'secret.read'];
const LAST_SEGMENT = /[^.]*$/;
const CHANGED_VERBS = new Set(['write', 'create', 'update', 'delete', 'destroy', 'restore', 'undelete', 'rollback', 'promote', 'undo']);

/**
 * Whether an action on a secret let someone see its value (VALUE_SEEN_ACTIONS) or changed it (by
 * the action's last segment: `secret.write`, `diff.promote`, `diff.undo`..., and `rotation.*`).
 * Anything else, such as metadata reads and dry runs, is `other`.
 */
export function actionKind(action: string): 'seen' | 'changed' | 'other' {
  if (VALUE_SEEN_ACTIONS.includes(action)) return 'seen';
  const verb = LAST_SEGMENT.exec(action)?.[0] ?? '';
  if (CHANGED_VERBS.has(verb) || action.startsWith('rotation.')) return 'changed';
  return 'other';
}

export const chainProblemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edited'), seq: z.number().int() }),
  z.object({ kind: z.literal('broken-link'), seq: z.number().int() }),
  z.object({ kind: z.literal('gap'), seq: z.number().int(), expected: z.number().int() }),
  z.object({ kind: z.literal('head-missing') }),
  z.object({ kind: z.literal('truncated-or-rolled-back'), keychainSeq: z.number().int(), fileSeq: z.number().int() }),
  z.object({ kind: z.literal('head-mismatch'), seq: z.number().int() }),
  z.object({ kind: z.literal('anchor-unconfirmed'), throughSeq: z.number().int() }),
]);
export type ChainProblem = z.infer<typeof chainProblemSchema>;

export const chainReportSchema = z.object({
  ok: z.boolean(),
  events: z.number().int().nonnegative(),
  firstSeq: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  /** Where the chain starts when older events were pruned by retention. */
  anchor: z.object({ throughSeq: z.number().int(), throughHash: z.string(), prunedAt: z.string() }).nullable(),
  problem: chainProblemSchema.nullable(),
});
export type ChainReport = z.infer<typeof chainReportSchema>;

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** A file an export writes into `<data>/exports/` (a save dialog will choose the place later). */
export const auditExportFileSchema = z.object({ format: z.enum(AUDIT_EXPORT_FORMATS), name: z.string() });
export type AuditExportFile = z.infer<typeof auditExportFileSchema>;

/** What a finished export wrote: the row count and each file's size and SHA-256. */
export const auditExportResultSchema = z.object({
  jobId: z.string(),
  rows: z.number().int().nonnegative(),
  files: z.array(auditExportFileSchema.extend({ sha256: z.string(), bytes: z.number().int().nonnegative() })),
});
export type AuditExportResult = z.infer<typeof auditExportResultSchema>;
