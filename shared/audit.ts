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
