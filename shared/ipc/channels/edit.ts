import { z } from 'zod';
import { PROVIDER_KINDS } from '../../domain';
import { channel } from '../channel';
import { secretMetadataSchema } from '../schemas';
import { sensitive } from '../sensitive';
import { uuid } from './common';

const name = z.string().min(1).max(1024);
const version = z.string().min(1).max(128);
const reason = z.string().trim().max(500).optional();
const fieldName = z.string().min(1).max(256);
/** The schema's cap is generous; each provider's own limit is checked in main (VALUE_TOO_LARGE). */
export const MAX_INPUT_CHARS = 1_048_576;
const text = z.string().max(MAX_INPUT_CHARS);

/**
 * A value typed in the renderer: a plain string, JSON text (parsed and checked in main), or named
 * fields. For an edit, `set` replaces or adds the named fields and `remove` drops others; the rest
 * of the current value stays as it is, so one field can change without the others being shown.
 */
const valueInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('string'), value: sensitive(text) }).strict(),
  z.object({ kind: z.literal('json'), text: sensitive(text) }).strict(),
  z
    .object({
      kind: z.literal('fields'),
      set: sensitive(z.record(fieldName, text)),
      remove: z.array(fieldName).max(200).default([]),
    })
    .strict(),
]);

export const METADATA_KEYS = ['tags', 'description', 'contentType', 'expiresAt', 'notBefore', 'enabled', 'maxVersions', 'casRequired'] as const;
export type MetadataKey = (typeof METADATA_KEYS)[number];

const instant = z.string().datetime({ offset: true });
const metadataPatch = z
  .object({
    tags: z.record(z.string().min(1).max(128), z.string().max(512)).optional(),
    description: z.string().max(2048).optional(),
    contentType: z.string().max(255).optional(),
    expiresAt: instant.nullable().optional(),
    notBefore: instant.nullable().optional(),
    enabled: z.boolean().optional(),
    maxVersions: z.number().int().min(0).max(1000).optional(),
    casRequired: z.boolean().optional(),
  })
  .strict();

export const FIELD_CHANGES = ['added', 'removed', 'changed', 'unchanged'] as const;
const fieldChange = z.object({ field: z.string(), change: z.enum(FIELD_CHANGES) });

/** What the editor needs before it offers anything: never a value, only the shape and field names. */
const opened = z.object({
  provider: z.enum(PROVIDER_KINDS),
  environmentName: z.string(),
  protected: z.boolean(),
  readOnly: z.boolean(),
  valueShape: z.enum(['fields', 'json-or-string', 'string']),
  /** The metadata the provider can change on its own (the UI shows only these). */
  metadataKeys: z.array(z.enum(METADATA_KEYS)),
  softDelete: z.boolean(),
  /** Vault deletes versions; AWS and Azure the whole secret. */
  versionScoped: z.boolean(),
  /** AWS: the recovery window is chosen per delete. */
  recoveryWindow: z.boolean(),
  /** The version the editor opened on: writes name it as their expected version. */
  version: z.string().nullable(),
  kind: z.enum(['string', 'fields', 'binary']).nullable(),
  fieldNames: z.array(z.string()),
  metadata: secretMetadataSchema.omit({ versions: true }),
});

const target = { environmentId: uuid, name };

/**
 * Create, edit and delete (ARCHITECTURE: Providers, concurrency). Values travel only inward, in the
 * sensitive() fields of `value`; nothing here returns one. Every write is refused on a read-only
 * connection (READ_ONLY) and needs the step-up where the path is protected, and is audited as an
 * attempt before it acts and an outcome with the provider's request id.
 */
export const editChannels = {
  /** The current version, its field names and what the provider can change. */
  'edit:open': channel(z.object(target).strict(), opened),
  /** Is this name valid for the provider and the environment's name mapping? Changes nothing. */
  'edit:checkName': channel(
    z.object({ environmentId: uuid, name: z.string().max(1024) }).strict(),
    z.object({
      valid: z.boolean(),
      common: z.string().optional(),
      problem: z.string().optional(),
      /** What a new secret here may carry: its value shapes and the metadata the provider keeps. */
      valueShape: z.enum(['fields', 'json-or-string', 'string']),
      metadataKeys: z.array(z.enum(METADATA_KEYS)),
    }),
  ),
  'edit:create': channel(
    z.object({ ...target, value: valueInput, metadata: metadataPatch.optional(), reason }).strict(),
    z.object({ version: z.string() }),
  ),
  /**
   * Which fields the change would add, remove or change (keyed fingerprints in main; no values).
   * Gated and audited like a write, since it tells whether a typed value equals the current one.
   * CONFLICT when the secret moved since `expectedVersion`.
   */
  'edit:preview': channel(
    z.object({ ...target, expectedVersion: version, value: valueInput, reason }).strict(),
    z.object({ fields: z.array(fieldChange), unchanged: z.boolean() }),
  ),
  /** Writes a new version with the provider's concurrency control on `expectedVersion`. */
  'edit:write': channel(
    z.object({ ...target, expectedVersion: version, value: valueInput, reason }).strict(),
    z.object({ version: z.string(), concurrentChangeDetected: z.boolean(), fields: z.array(fieldChange) }),
  ),
  /** Metadata only; the value is not touched. UNSUPPORTED for what the provider lacks. */
  'edit:updateMetadata': channel(z.object({ ...target, patch: metadataPatch, reason }).strict(), z.object({ ok: z.literal(true) })),
  /**
   * Soft delete, confirmed by the name typed again: Vault the latest or the chosen versions, AWS
   * scheduled deletion after `recoveryDays` (7–30), Azure delete. Answers what can be restored.
   */
  'edit:delete': channel(
    z
      .object({
        ...target,
        confirmName: z.string().max(1024),
        versions: z.array(version).min(1).max(100).optional(),
        recoveryDays: z.number().int().min(7).max(30).optional(),
        reason,
      })
      .strict(),
    z.object({
      restorable: z.boolean(),
      /** When the provider removes it for good, where it says. */
      restorableUntil: z.string().optional(),
      recoverableDays: z.number().int().optional(),
    }),
  ),
};
