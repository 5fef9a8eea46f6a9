import { z } from 'zod';
import type { SecretMetadata, SecretSummary, VersionInfo } from '../domain';

/** Zod forms of the domain types, for output validation at the boundary (strips undeclared keys). */
const time = z.string().max(64);
const tags = z.record(z.string().max(512), z.string().max(1024));

const rotationInfoSchema = z.object({
  enabled: z.boolean(),
  rulesDays: z.number().optional(),
  schedule: z.string().max(256).optional(),
  lastRotatedAt: time.optional(),
  nextRotationAt: time.optional(),
  lambdaArn: z.string().max(2048).optional(),
});

export const secretSummarySchema = z.object({
  name: z.string().max(1024),
  createdAt: time.optional(),
  updatedAt: time.optional(),
  currentVersion: z.string().max(128).optional(),
  versionCount: z.number().int().nonnegative().optional(),
  tags: tags.optional(),
  expiresAt: time.optional(),
  notBefore: time.optional(),
  enabled: z.boolean().optional(),
  contentType: z.string().max(256).optional(),
  description: z.string().max(2048).optional(),
  deleted: z.boolean().optional(),
  metadataComplete: z.boolean(),
  rotation: rotationInfoSchema.optional(),
});

export const versionInfoSchema = z.object({
  id: z.string().max(128),
  createdAt: time.optional(),
  stages: z.array(z.string().max(256)).optional(),
  enabled: z.boolean().optional(),
  expiresAt: time.optional(),
  notBefore: time.optional(),
  deleted: z.boolean().optional(),
  deletedAt: time.optional(),
  destroyed: z.boolean().optional(),
  current: z.boolean(),
});

export const secretMetadataSchema = secretSummarySchema.extend({
  providerId: z.string().max(2048),
  maxVersions: z.number().int().optional(),
  casRequired: z.boolean().optional(),
  deleteVersionAfter: z.string().max(64).optional(),
  deletionDate: time.optional(),
  recoverableDays: z.number().int().optional(),
  versions: z.array(versionInfoSchema).optional(),
});

// Compile-time checks that the schemas and the domain interfaces agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaAgreement: [
  Same<z.infer<typeof secretSummarySchema>, SecretSummary>,
  Same<z.infer<typeof versionInfoSchema>, VersionInfo>,
  Same<z.infer<typeof secretMetadataSchema>, SecretMetadata>,
] = [true, true, true];
