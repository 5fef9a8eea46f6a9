import { z } from 'zod';
import {
  AUDIT_EXPORT_FORMATS,
  auditEventSchema,
  auditExportFileSchema,
  auditExportResultSchema,
  auditFacetsSchema,
  auditFilterSchema,
  auditHistogramSchema,
  auditPageSchema,
  chainReportSchema,
  failureBurstSchema,
  secretAuditSchema,
} from '../../audit';
import { channel } from '../channel';
import { empty, uuid } from './common';

const limit = z.number().int().min(1).max(1000);
const beforeSeq = z.number().int().positive().optional();
const filter = auditFilterSchema.default({});
const verification = z.object({ report: chainReportSchema, checkedAt: z.string() });

/**
 * The audit view. Queries are read-only and not themselves audited; an export and a verification
 * are jobs (progress on `job:progress`, cancel with `jobs:cancel`) and are audited. The honest
 * statement of what verification proves is AUDIT_VERIFICATION_STATEMENT in shared/audit.ts.
 */
export const auditChannels = {
  'audit:list': channel(z.object({ limit, beforeSeq }).strict(), z.object({ events: z.array(auditEventSchema) })),
  /** A keyset page newest first; pass `nextBeforeSeq` back as `beforeSeq` for the next page. */
  'audit:query': channel(z.object({ filter, limit, beforeSeq }).strict(), auditPageSchema),
  /** Counts per action over equal time buckets (the filter's from/to, else the log's first and last event). */
  'audit:histogram': channel(z.object({ filter, buckets: z.number().int().min(1).max(500) }).strict(), auditHistogramSchema),
  /** Repeated failures from one actor (FAILURE_BURST) among the filtered events, newest first. */
  'audit:bursts': channel(z.object({ filter }).strict(), z.object({ bursts: z.array(failureBurstSchema) })),
  /** One secret's trail: who saw it, who changed it, and its events newest first. */
  'audit:secret': channel(
    z.object({ environmentId: uuid, connectionId: uuid, path: z.string().min(1).max(1024), limit, beforeSeq }).strict(),
    secretAuditSchema,
  ),
  /** Values for the filter controls (actions, actors, principals) and the log's time span. */
  'audit:facets': channel(empty, auditFacetsSchema),
  /** Starts verifying the whole chain (or returns the running verification's job). */
  'audit:verify': channel(empty, z.object({ jobId: uuid })),
  /** The running verification, if any, and the last result since start. */
  'audit:verification': channel(empty, z.object({ jobId: uuid.nullable(), last: verification.nullable() })),
  /** Exports the filtered events to `<data>/exports/` as CSV and/or JSON Lines, as a job. */
  'audit:export': channel(
    z.object({ filter, formats: z.array(z.enum(AUDIT_EXPORT_FORMATS)).min(1).max(2) }).strict(),
    z.object({ jobId: uuid, files: z.array(auditExportFileSchema) }),
  ),
};

export const auditEvents = {
  /** A verification finished (its job's final `job:progress` follows). */
  'audit:verified': verification.extend({ jobId: uuid }),
  /** An export finished and its files are complete (its job's final `job:progress` follows). */
  'audit:exported': auditExportResultSchema,
};
