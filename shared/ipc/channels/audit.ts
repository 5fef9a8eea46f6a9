import { z } from 'zod';
import { auditEventSchema } from '../../audit';
import { channel } from '../channel';

export const auditChannels = {
  'audit:list': channel(
    z.object({ limit: z.number().int().min(1).max(1000), beforeSeq: z.number().int().positive().optional() }).strict(),
    z.object({ events: z.array(auditEventSchema) }),
  ),
};
