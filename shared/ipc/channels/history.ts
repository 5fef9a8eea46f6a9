import { z } from 'zod';
import { PROVIDER_KINDS } from '../../domain';
import { channel } from '../channel';
import { secretMetadataSchema, versionInfoSchema } from '../schemas';
import { sensitive } from '../sensitive';
import { ok, uuid } from './common';
import { VALUE_KINDS } from './reveal';

const name = z.string().min(1).max(1024);
const version = z.string().min(1).max(128);
const reason = z.string().trim().max(500).optional();
const versions = z.array(version).min(1).max(100).optional();
const cursor = z.string().min(1).max(8192);

const page = z.object({ items: z.array(versionInfoSchema), next: cursor.optional() });

/** What the History page needs to know before it offers an action. */
const opened = z.object({
  connectionId: uuid,
  provider: z.enum(PROVIDER_KINDS),
  environmentName: z.string(),
  protected: z.boolean(),
  readOnly: z.boolean(),
  concurrency: z.enum(['check-and-set', 'stage-label', 'verify-after']),
  /** Restore and destroy: which the provider has, and whether they take versions (Vault) or the whole secret. */
  restore: z.boolean(),
  destroy: z.boolean(),
  versionScoped: z.boolean(),
  metadata: secretMetadataSchema.omit({ versions: true }),
  page,
});

const shownValue = z.object({
  version: z.string(),
  kind: z.enum(VALUE_KINDS),
  encoding: z.enum(['text', 'base64']),
  value: sensitive(z.string()).optional(),
  fields: sensitive(z.record(z.string(), z.string())).optional(),
});

const fieldStatus = z.object({ field: z.string(), status: z.enum(['same', 'changed', 'added', 'removed']) });

/**
 * Version history and rollback (ARCHITECTURE: Providers, concurrency). Versions come a page at a
 * time; comparing two versions gives statuses computed in main from keyed fingerprints; the values
 * side by side need the step-up where protected and are audited before they are returned. Every
 * write (rollback, delete, restore) is refused on a read-only connection and needs the step-up
 * where protected; destroy needs the name typed again and a fresh code everywhere.
 */
export const historyChannels = {
  /** The secret's metadata and the first page of its versions, newest first where the provider orders them. */
  'history:open': channel(z.object({ environmentId: uuid, name }).strict(), opened),
  /** The next page of versions (`cursor` from the previous page). */
  'history:versions': channel(z.object({ environmentId: uuid, name, cursor }).strict(), page),
  /** Which fields differ between two versions; no value leaves main. Audited as secret.compare. */
  'history:compare': channel(
    z.object({ environmentId: uuid, name, from: version, to: version }).strict(),
    z.object({ from: z.string(), to: z.string(), identical: z.boolean(), fields: z.array(fieldStatus) }),
  ),
  /** Both values, after the step-up where protected; audited before they are returned. Drop them after revealSeconds. */
  'history:compareValues': channel(
    z.object({ environmentId: uuid, name, from: version, to: version, reason }).strict(),
    z.object({ from: shownValue, to: shownValue, revealSeconds: z.number().int().positive() }),
  ),
  /**
   * Makes `toVersion` current again, the provider's way: Vault writes its data as a new version
   * with check-and-set on `expectedVersion`; AWS moves AWSCURRENT to it away from `expectedVersion`;
   * Azure writes its value as a new version after a re-read, and verifies after. CONFLICT when the
   * secret moved since `expectedVersion` was read.
   */
  'history:rollback': channel(
    z.object({ environmentId: uuid, name, toVersion: version, expectedVersion: version, reason }).strict(),
    z.object({ version: z.string(), concurrentChangeDetected: z.boolean() }),
  ),
  /** Soft-deletes versions (Vault) or the secret (AWS with its recovery window, Azure). */
  'history:delete': channel(
    z.object({ environmentId: uuid, name, versions, recoveryDays: z.number().int().min(7).max(30).optional(), reason }).strict(),
    ok,
  ),
  /** Undeletes versions (Vault) or restores the secret (AWS RestoreSecret, Azure recover). */
  'history:restore': channel(z.object({ environmentId: uuid, name, versions, reason }).strict(), ok),
  /** Permanent: Vault destroy (versions, or all and the metadata), AWS forced delete, Azure purge. */
  'history:destroy': channel(
    z.object({ environmentId: uuid, name, versions, confirmName: z.string().max(1024), code: sensitive(z.string().min(1).max(64)), reason }).strict(),
    ok,
  ),
};
