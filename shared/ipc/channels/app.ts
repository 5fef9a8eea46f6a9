import { z } from 'zod';
import { settingsSchema } from '../../settings';
import { channel } from '../channel';
import { empty } from './common';

export const appChannels = {
  'app:info': channel(
    empty,
    z.object({
      version: z.string(),
      platform: z.string(),
      shell: z.enum(['electron', 'e2e-host']),
      sandboxAvailable: z.boolean(),
    }),
  ),

  'settings:get': channel(empty, settingsSchema),
  'settings:update': channel(z.object({ patch: settingsSchema.partial().strict() }).strict(), settingsSchema),
};

export const appEvents = {
  'app:notice': z.object({ level: z.enum(['info', 'warning', 'error']), code: z.string(), message: z.string() }),
};
