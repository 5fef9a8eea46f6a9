import { z } from 'zod';
import { channel } from '../channel';
import { secretMetadataSchema, secretSummarySchema } from '../schemas';
import { uuid } from './common';

export const secretsChannels = {
  'secrets:load': channel(z.object({ environmentId: uuid }).strict(), z.object({ jobId: uuid })),
  'secrets:metadata': channel(z.object({ environmentId: uuid, name: z.string().min(1).max(1024) }).strict(), secretMetadataSchema),
};

export const secretsEvents = {
  'secrets:page': z.object({ jobId: uuid, environmentId: uuid, items: z.array(secretSummarySchema) }),
};
