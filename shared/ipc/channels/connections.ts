import { z } from 'zod';
import { connectionConfigSchema, connectionSchema, environmentSchema, environmentScopeSchema, nameMappingSchema } from '../../connections';
import { PROVIDER_KINDS } from '../../domain';
import { channel } from '../channel';
import { sensitive } from '../sensitive';
import { empty, ok, uuid, wireError } from './common';

/** Keychain secrets for a connection (token, password, secret id, secret access key, client secret). */
const connectionSecrets = sensitive(z.record(z.string().regex(/^[a-zA-Z]{1,32}$/), z.string().min(1).max(16_384)));

export const connectionViewSchema = connectionSchema.extend({ hasCredential: z.boolean() });
export type ConnectionView = z.infer<typeof connectionViewSchema>;

export const connectionsChannels = {
  'connections:list': channel(empty, z.object({ connections: z.array(connectionViewSchema), environments: z.array(environmentSchema) })),
  'connections:create': channel(
    z
      .object({
        name: z.string().trim().min(1).max(80),
        config: connectionConfigSchema,
        readOnly: z.boolean(),
        caPem: z
          .string()
          .max(256 * 1024)
          .optional(),
        proxyUrl: z.string().url().max(2048).optional(),
        secrets: connectionSecrets,
        /** Main reads the credential itself (Vault: ~/.vault-token); `secrets` is ignored. */
        importCredential: z.boolean().optional(),
      })
      .strict(),
    connectionViewSchema,
  ),
  'connections:update': channel(
    z
      .object({
        id: uuid,
        name: z.string().trim().min(1).max(80).optional(),
        config: connectionConfigSchema.optional(),
        readOnly: z.boolean().optional(),
        caPem: z
          .string()
          .max(256 * 1024)
          .nullable()
          .optional(),
        proxyUrl: z.string().url().max(2048).nullable().optional(),
        secrets: connectionSecrets.optional(),
      })
      .strict(),
    connectionViewSchema,
  ),
  'connections:remove': channel(z.object({ id: uuid }).strict(), ok),
  'connections:check': channel(
    z.object({ id: uuid }).strict(),
    z.object({
      reachable: z.boolean(),
      authenticated: z.boolean(),
      principal: z.string().nullable(),
      expiresAt: z.string().nullable(),
      latencyMs: z.number().nullable(),
      error: wireError.nullable(),
    }),
  ),
  'connections:discover': channel(
    z.object({ id: uuid }).strict(),
    z.object({ suggestions: z.array(z.object({ label: z.string(), scope: environmentScopeSchema })) }),
  ),

  'environments:create': channel(
    z
      .object({
        connectionId: uuid,
        name: z.string().trim().min(1).max(80),
        scope: environmentScopeSchema,
        nameMapping: nameMappingSchema.optional(),
        protected: z.boolean().optional(),
      })
      .strict(),
    environmentSchema,
  ),
  'environments:update': channel(
    z
      .object({
        id: uuid,
        name: z.string().trim().min(1).max(80).optional(),
        scope: environmentScopeSchema.optional(),
        nameMapping: nameMappingSchema.optional(),
        protected: z.boolean().optional(),
      })
      .strict(),
    environmentSchema,
  ),
  'environments:remove': channel(z.object({ id: uuid }).strict(), ok),

  'sandbox:status': channel(empty, z.object({ available: z.boolean(), running: z.boolean(), providers: z.array(z.enum(PROVIDER_KINDS)) })),
  'sandbox:open': channel(empty, z.object({ connectionIds: z.array(uuid) })),
};
