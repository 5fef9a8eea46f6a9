import { z } from 'zod';
import { channel } from '../channel';
import { empty, ok, uuid, wireError } from './common';

export const jobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
export const jobSchema = z.object({
  id: uuid,
  kind: z.string(),
  label: z.string(),
  state: jobStateSchema,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  startedAt: z.string(),
  error: wireError.nullable(),
});
export type JobView = z.infer<typeof jobSchema>;

export const jobsChannels = {
  'jobs:list': channel(empty, z.object({ jobs: z.array(jobSchema) })),
  'jobs:cancel': channel(z.object({ jobId: uuid }).strict(), ok),
};

export const jobsEvents = {
  'job:progress': jobSchema,
};
