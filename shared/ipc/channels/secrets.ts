import { z } from 'zod';
import { channel } from '../channel';
import { secretMetadataSchema, secretSummarySchema } from '../schemas';
import { uuid, wireError } from './common';

const secretName = z.string().min(1).max(1024);

/** Most names one `secrets:metadataBatch` call takes. */
export const METADATA_BATCH_MAX = 200;

export const secretsChannels = {
  'secrets:load': channel(z.object({ environmentId: uuid }).strict(), z.object({ jobId: uuid })),
  'secrets:metadata': channel(z.object({ environmentId: uuid, name: secretName }).strict(), secretMetadataSchema),
  /**
   * Metadata summaries for a listing that gave names only (Vault LIST): what is on screen, what the
   * active sort needs, what a tag search needs. One answer per name, in the order asked: a summary
   * or the wire error for that name alone. Never a value.
   */
  'secrets:metadataBatch': channel(
    z.object({ environmentId: uuid, names: z.array(secretName).min(1).max(METADATA_BATCH_MAX) }).strict(),
    z.object({ items: z.array(z.object({ name: z.string(), summary: secretSummarySchema.optional(), error: wireError.optional() })) }),
  ),
};

export const secretsEvents = {
  'secrets:page': z.object({ jobId: uuid, environmentId: uuid, items: z.array(secretSummarySchema) }),
};
