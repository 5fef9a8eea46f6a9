import { z } from 'zod';
import type { SecretMetadata, VersionInfo } from '../../../../../shared/domain';
import { KeyholeError } from '../../../../../shared/errors';

/**
 * The shapes Keyhole reads from Vault's answers (node-vault returns them untyped), and their
 * conversion to domain types. Only the fields used are checked; Vault adds fields over time.
 */
const versionMetadata = z.object({ created_time: z.string(), deletion_time: z.string(), destroyed: z.boolean() });

export const metadataResponse = z.object({
  data: z.object({
    cas_required: z.boolean(),
    created_time: z.string(),
    current_version: z.number().int(),
    custom_metadata: z.record(z.string(), z.string()).nullish(),
    delete_version_after: z.string().optional(),
    max_versions: z.number().int(),
    oldest_version: z.number().int(),
    updated_time: z.string(),
    versions: z.record(z.string(), versionMetadata),
  }),
});
export type KvMetadata = z.infer<typeof metadataResponse>['data'];

export const readResponse = z.object({
  request_id: z.string().optional(),
  data: z.object({
    data: z.record(z.string(), z.unknown()).nullable(),
    metadata: z.object({ version: z.number().int(), custom_metadata: z.record(z.string(), z.string()).nullish() }),
  }),
});

export const writeResponse = z.object({ request_id: z.string().optional(), data: z.object({ version: z.number().int() }) });

export const listResponse = z.object({ data: z.object({ keys: z.array(z.string()) }) });

export const authResponse = z.object({
  auth: z.object({ client_token: z.string(), lease_duration: z.number(), renewable: z.boolean() }),
});

export const lookupSelfResponse = z.object({
  data: z.object({
    display_name: z.string().optional(),
    entity_id: z.string().optional(),
    expire_time: z.string().nullish(),
    ttl: z.number().optional(),
    renewable: z.boolean().optional(),
  }),
});

const mountEntry = z.object({ type: z.string(), options: z.record(z.string(), z.string()).nullish() });
export const uiMountsResponse = z.object({ data: z.object({ secret: z.record(z.string(), mountEntry) }) });
export const sysMountsResponse = z.object({ data: z.record(z.string(), mountEntry) });

/** Parses an answer; an unexpected shape is INTERNAL (never echoing the answer itself). */
export function parse<T>(schema: z.ZodType<T>, value: unknown, path?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new KeyholeError('INTERNAL', { ...(path !== undefined ? { path } : {}), detail: 'RESPONSE_SHAPE' });
  return result.data;
}

/** KV data is a JSON map; Keyhole's fields are strings, so other JSON values keep their JSON text. */
export function toFields(data: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return fields;
}

function isPast(time: string, nowMs: number): boolean {
  return time !== '' && Date.parse(time) <= nowMs;
}

/** Newest first. A deletion_time in the future (delete_version_after) is not a deletion yet. */
export function toVersions(metadata: KvMetadata, nowMs: number): VersionInfo[] {
  return Object.entries(metadata.versions)
    .map(([id, v]): VersionInfo => ({
      id,
      createdAt: v.created_time,
      current: Number(id) === metadata.current_version,
      deleted: isPast(v.deletion_time, nowMs),
      destroyed: v.destroyed,
      ...(v.deletion_time !== '' ? { deletedAt: v.deletion_time } : {}),
    }))
    .sort((a, b) => Number(b.id) - Number(a.id));
}

export function toMetadata(name: string, providerId: string, metadata: KvMetadata, nowMs: number): SecretMetadata {
  const versions = toVersions(metadata, nowMs);
  const current = versions.find((v) => v.current);
  return {
    name,
    providerId,
    metadataComplete: true,
    createdAt: metadata.created_time,
    updatedAt: metadata.updated_time,
    ...(metadata.current_version > 0 ? { currentVersion: String(metadata.current_version) } : {}),
    versionCount: versions.length,
    tags: metadata.custom_metadata ?? {},
    deleted: current !== undefined && (current.deleted === true || current.destroyed === true),
    maxVersions: metadata.max_versions,
    casRequired: metadata.cas_required,
    ...(metadata.delete_version_after !== undefined && metadata.delete_version_after !== '0s'
      ? { deleteVersionAfter: metadata.delete_version_after }
      : {}),
    versions,
  };
}
