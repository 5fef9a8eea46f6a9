import { z } from 'zod';
import { PROVIDER_KINDS } from './domain';

/**
 * Connections and environments as stored in SQLite and shown in the UI: never a credential.
 * A connection's secrets (token, password, secret id, secret access key, client secret) live in
 * the OS keychain only, keyed by connection id (see core/connections).
 */
const id = z.string().uuid();
const label = z.string().trim().min(1).max(80);
const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be http(s)');

export const vaultAuthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('token') }),
  z.object({ method: z.literal('userpass'), username: z.string().min(1).max(256), mountPath: z.string().max(128).optional() }),
  z.object({ method: z.literal('ldap'), username: z.string().min(1).max(256), mountPath: z.string().max(128).optional() }),
  z.object({ method: z.literal('approle'), roleId: z.string().min(1).max(256), mountPath: z.string().max(128).optional() }),
]);

export const awsAuthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('keys'), accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/) }),
  z.object({ method: z.literal('profile'), profile: z.string().min(1).max(128) }),
  z.object({ method: z.literal('default-chain') }),
]);

export const azureAuthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('client-secret'), clientId: z.string().min(1).max(128) }),
  z.object({ method: z.literal('cli') }),
  z.object({ method: z.literal('default') }),
]);

export const connectionConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vault'), address: httpUrl, namespace: z.string().max(256).optional(), auth: vaultAuthSchema }),
  z.object({
    kind: z.literal('aws'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
    /** Only set for the sandbox or a VPC endpoint. */
    endpoint: httpUrl.optional(),
    auth: awsAuthSchema,
  }),
  z.object({
    kind: z.literal('azure'),
    tenantId: z.string().min(1).max(128),
    authorityHost: httpUrl.optional(),
    auth: azureAuthSchema,
  }),
]);
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;
export type VaultConnectionConfig = Extract<ConnectionConfig, { kind: 'vault' }>;
export type AwsConnectionConfig = Extract<ConnectionConfig, { kind: 'aws' }>;
export type AzureConnectionConfig = Extract<ConnectionConfig, { kind: 'azure' }>;

export const connectionSchema = z.object({
  id,
  name: label,
  config: connectionConfigSchema,
  readOnly: z.boolean(),
  /** PEM bundle trusted for this connection only. Public material, so SQLite is fine. */
  caPem: z
    .string()
    .max(256 * 1024)
    .optional(),
  proxyUrl: httpUrl.optional(),
  /** True for the connections the embedded sandbox created. */
  sandbox: z.boolean(),
  createdAt: z.string(),
});
export type Connection = z.infer<typeof connectionSchema>;

/** How an environment's native names map to the common form diffs use ("/"-separated). */
export const nameMappingSchema = z.object({
  /** The separator native names use where the common form has "/" (Azure: "--"). */
  separator: z.string().min(1).max(4),
});

export const environmentScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vault'), mount: z.string().min(1).max(256), prefix: z.string().max(512) }),
  z.object({
    kind: z.literal('aws'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
    prefix: z.string().max(512),
    tag: z.object({ key: z.string().min(1).max(128), value: z.string().max(256) }).optional(),
  }),
  z.object({ kind: z.literal('azure'), vaultUrl: httpUrl, prefix: z.string().max(127) }),
]);
export type EnvironmentScope = z.infer<typeof environmentScopeSchema>;
export type VaultScope = Extract<EnvironmentScope, { kind: 'vault' }>;
export type AwsScope = Extract<EnvironmentScope, { kind: 'aws' }>;
export type AzureScope = Extract<EnvironmentScope, { kind: 'azure' }>;

export const environmentSchema = z.object({
  id,
  connectionId: id,
  name: label,
  scope: environmentScopeSchema,
  nameMapping: nameMappingSchema,
  protected: z.boolean(),
  createdAt: z.string(),
});
export type Environment = z.infer<typeof environmentSchema>;

export const providerKindSchema = z.enum(PROVIDER_KINDS);

/** The keychain secrets each auth method needs; the renderer sends them once, on write channels. */
export type ConnectionSecrets = Record<string, string>;
