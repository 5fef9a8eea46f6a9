import { z } from 'zod';
import { auditEventSchema } from '../audit';
import { connectionConfigSchema, connectionSchema, environmentSchema, environmentScopeSchema, nameMappingSchema } from '../connections';
import { PROVIDER_KINDS } from '../domain';
import { ERROR_CODES } from '../errors';
import { settingsSchema } from '../settings';
import { channel } from './channel';
import { secretMetadataSchema, secretSummarySchema } from './schemas';
import { sensitive } from './sensitive';

/**
 * Every channel between the renderer and main. Inputs are strict (unknown keys are refused);
 * outputs are parsed on the way out, which drops any field not declared here. A field that may
 * carry a secret value or credential is wrapped in sensitive(): the contract test lists them.
 */
const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const uuid = z.string().uuid();
const wireError = z.object({ code: z.enum(ERROR_CODES as [string, ...string[]]), message: z.string() });

/** Keychain secrets for a connection (token, password, secret id, secret access key, client secret). */
const connectionSecrets = sensitive(z.record(z.string().regex(/^[a-zA-Z]{1,32}$/), z.string().min(1).max(16_384)));

export const connectionViewSchema = connectionSchema.extend({ hasCredential: z.boolean() });
export type ConnectionView = z.infer<typeof connectionViewSchema>;

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

export const contract = {
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

  'connections:list': channel(empty, z.object({ connections: z.array(connectionViewSchema), environments: z.array(environmentSchema) })),
  'connections:create': channel(
    z
      .object({
        name: z.string().trim().min(1).max(80),
        config: connectionConfigSchema,
        readOnly: z.boolean(),
        caPem: z.string().max(256 * 1024).optional(),
        proxyUrl: z.string().url().max(2048).optional(),
        secrets: connectionSecrets,
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
        caPem: z.string().max(256 * 1024).nullable().optional(),
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

  'secrets:load': channel(z.object({ environmentId: uuid }).strict(), z.object({ jobId: uuid })),
  'secrets:metadata': channel(z.object({ environmentId: uuid, name: z.string().min(1).max(1024) }).strict(), secretMetadataSchema),

  'jobs:list': channel(empty, z.object({ jobs: z.array(jobSchema) })),
  'jobs:cancel': channel(z.object({ jobId: uuid }).strict(), ok),

  'audit:list': channel(
    z.object({ limit: z.number().int().min(1).max(1000), beforeSeq: z.number().int().positive().optional() }).strict(),
    z.object({ events: z.array(auditEventSchema) }),
  ),
};

export const events = {
  'job:progress': jobSchema,
  'secrets:page': z.object({ jobId: uuid, environmentId: uuid, items: z.array(secretSummarySchema) }),
  'app:notice': z.object({ level: z.enum(['info', 'warning', 'error']), code: z.string(), message: z.string() }),
};

export type AppContract = typeof contract;
export type AppEvents = typeof events;
export type ChannelName = keyof AppContract;
export type EventName = keyof AppEvents;
