import type { ConnectionConfig, ConnectionSecrets } from '../../../../shared/connections';
import type { ProviderKind } from '../../../../shared/domain';
import type { ConnectionView } from '../../../../shared/ipc/contract';

export type VaultMethod = 'token' | 'userpass' | 'ldap' | 'approle';
export type AwsMethod = 'keys' | 'profile' | 'default-chain';
export type AzureMethod = 'client-secret' | 'cli' | 'default';

/** What the Add connection form holds while the operator types. Secrets are dropped right after the call. */
export interface ConnectionDraft {
  provider: ProviderKind;
  name: string;
  readOnly: boolean;
  caPem: string;
  proxyUrl: string;
  vault: {
    address: string;
    namespace: string;
    method: VaultMethod;
    token: string;
    /** Token method: main reads the Vault CLI's ~/.vault-token instead of a pasted token. */
    importToken: boolean;
    username: string;
    password: string;
    roleId: string;
    secretId: string;
    mountPath: string;
  };
  aws: { region: string; endpoint: string; method: AwsMethod; accessKeyId: string; secretAccessKey: string; sessionToken: string; profile: string };
  azure: { tenantId: string; authorityHost: string; method: AzureMethod; clientId: string; clientSecret: string };
}

export const emptyDraft = (): ConnectionDraft => ({
  provider: 'vault',
  name: '',
  readOnly: false,
  caPem: '',
  proxyUrl: '',
  vault: {
    address: '',
    namespace: '',
    method: 'token',
    token: '',
    importToken: false,
    username: '',
    password: '',
    roleId: '',
    secretId: '',
    mountPath: '',
  },
  aws: { region: 'us-east-1', endpoint: '', method: 'keys', accessKeyId: '', secretAccessKey: '', sessionToken: '', profile: '' },
  azure: { tenantId: '', authorityHost: '', method: 'client-secret', clientId: '', clientSecret: '' },
});

/** The draft with every credential field emptied (after the create call, whatever its outcome). */
export function withoutSecrets(draft: ConnectionDraft): ConnectionDraft {
  return {
    ...draft,
    vault: { ...draft.vault, token: '', password: '', secretId: '' },
    aws: { ...draft.aws, secretAccessKey: '', sessionToken: '' },
    azure: { ...draft.azure, clientSecret: '' },
  };
}

/** Field keys for error messages: `name`, `vault.address`, `aws.region`, ... */
export type FieldErrors = Record<string, string>;

export interface ConnectionInput {
  name: string;
  config: ConnectionConfig;
  readOnly: boolean;
  caPem?: string;
  proxyUrl?: string;
  secrets: ConnectionSecrets;
  /** Main imports the credential itself (the Vault CLI's token file); `secrets` is then empty. */
  importCredential?: true;
}

export type Built<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function nonEmpty(entries: Record<string, string>): ConnectionSecrets {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== ''));
}

const mount = (path: string) => (path.trim() !== '' ? { mountPath: path.trim() } : {});

interface BuiltConfig {
  config: ConnectionConfig;
  secrets: ConnectionSecrets;
  importCredential?: true;
}

function buildConfig(draft: ConnectionDraft, errors: FieldErrors): BuiltConfig | null {
  const need = (key: string, value: string, label: string) => {
    if (value.trim() === '') errors[key] = `${label} is required`;
  };
  switch (draft.provider) {
    case 'vault': {
      const v = draft.vault;
      if (!isHttpUrl(v.address.trim())) errors['vault.address'] = 'Enter the Vault address as an http(s) URL';
      const namespace = v.namespace.trim() !== '' ? { namespace: v.namespace.trim() } : {};
      const base = { kind: 'vault' as const, address: v.address.trim(), ...namespace };
      switch (v.method) {
        case 'token':
          if (v.importToken) return { config: { ...base, auth: { method: 'token' } }, secrets: {}, importCredential: true };
          need('vault.token', v.token, 'The token');
          return { config: { ...base, auth: { method: 'token' } }, secrets: nonEmpty({ token: v.token }) };
        case 'userpass':
        case 'ldap':
          need('vault.username', v.username, 'The username');
          need('vault.password', v.password, 'The password');
          return {
            config: { ...base, auth: { method: v.method, username: v.username.trim(), ...mount(v.mountPath) } },
            secrets: nonEmpty({ password: v.password }),
          };
        case 'approle':
          need('vault.roleId', v.roleId, 'The role ID');
          need('vault.secretId', v.secretId, 'The secret ID');
          return {
            config: { ...base, auth: { method: 'approle', roleId: v.roleId.trim(), ...mount(v.mountPath) } },
            secrets: nonEmpty({ secretId: v.secretId }),
          };
      }
      break;
    }
    case 'aws': {
      const a = draft.aws;
      if (!REGION.test(a.region.trim())) errors['aws.region'] = 'Enter a region such as eu-west-1';
      if (a.endpoint.trim() !== '' && !isHttpUrl(a.endpoint.trim())) errors['aws.endpoint'] = 'Enter the endpoint as an http(s) URL';
      const base = { kind: 'aws' as const, region: a.region.trim(), ...(a.endpoint.trim() !== '' ? { endpoint: a.endpoint.trim() } : {}) };
      switch (a.method) {
        case 'keys':
          if (!ACCESS_KEY_ID.test(a.accessKeyId.trim())) errors['aws.accessKeyId'] = 'An access key ID is 16 or more capital letters and digits';
          need('aws.secretAccessKey', a.secretAccessKey, 'The secret access key');
          return {
            config: { ...base, auth: { method: 'keys', accessKeyId: a.accessKeyId.trim() } },
            secrets: nonEmpty({ secretAccessKey: a.secretAccessKey, sessionToken: a.sessionToken }),
          };
        case 'profile':
          need('aws.profile', a.profile, 'The profile name');
          return { config: { ...base, auth: { method: 'profile', profile: a.profile.trim() } }, secrets: {} };
        case 'default-chain':
          return { config: { ...base, auth: { method: 'default-chain' } }, secrets: {} };
      }
      break;
    }
    case 'azure': {
      const z = draft.azure;
      need('azure.tenantId', z.tenantId, 'The tenant ID');
      if (z.authorityHost.trim() !== '' && !isHttpUrl(z.authorityHost.trim()))
        errors['azure.authorityHost'] = 'Enter the authority host as an http(s) URL';
      const base = {
        kind: 'azure' as const,
        tenantId: z.tenantId.trim(),
        ...(z.authorityHost.trim() !== '' ? { authorityHost: z.authorityHost.trim() } : {}),
      };
      switch (z.method) {
        case 'client-secret':
          need('azure.clientId', z.clientId, 'The client ID');
          need('azure.clientSecret', z.clientSecret, 'The client secret');
          return {
            config: { ...base, auth: { method: 'client-secret', clientId: z.clientId.trim() } },
            secrets: nonEmpty({ clientSecret: z.clientSecret }),
          };
        case 'cli':
          return { config: { ...base, auth: { method: 'cli' } }, secrets: {} };
        case 'default':
          return { config: { ...base, auth: { method: 'default' } }, secrets: {} };
      }
    }
  }
  return null;
}

export function buildConnectionInput(draft: ConnectionDraft): Built<ConnectionInput> {
  const errors: FieldErrors = {};
  if (draft.name.trim() === '') errors['name'] = 'Give the connection a name';
  if (draft.proxyUrl.trim() !== '' && !isHttpUrl(draft.proxyUrl.trim())) errors['proxyUrl'] = 'Enter the proxy as an http(s) URL';
  const built = buildConfig(draft, errors);
  if (!built || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: draft.name.trim(),
      config: built.config,
      readOnly: draft.readOnly,
      ...(draft.caPem.trim() !== '' ? { caPem: draft.caPem.trim() } : {}),
      ...(draft.proxyUrl.trim() !== '' ? { proxyUrl: draft.proxyUrl.trim() } : {}),
      secrets: built.secrets,
      ...(built.importCredential ? { importCredential: true } : {}),
    },
  };
}

/** The keychain fields each auth method stores, as the edit form's "replace credential" offers them. */
export function credentialFields(config: ConnectionConfig): { key: string; label: string; optional?: boolean }[] {
  switch (config.kind) {
    case 'vault':
      return config.auth.method === 'token'
        ? [{ key: 'token', label: 'Token' }]
        : config.auth.method === 'approle'
          ? [{ key: 'secretId', label: 'Secret ID' }]
          : [{ key: 'password', label: 'Password' }];
    case 'aws':
      return config.auth.method === 'keys'
        ? [
            { key: 'secretAccessKey', label: 'Secret access key' },
            { key: 'sessionToken', label: 'Session token', optional: true },
          ]
        : [];
    case 'azure':
      return config.auth.method === 'client-secret' ? [{ key: 'clientSecret', label: 'Client secret' }] : [];
  }
}

export interface EditDraft {
  name: string;
  readOnly: boolean;
  /** Vault address, AWS endpoint or Azure authority host. */
  endpoint: string;
  /** New credential values by key; all blank keeps the stored credential. */
  credential: Record<string, string>;
}

export function endpointOf(config: ConnectionConfig): string {
  switch (config.kind) {
    case 'vault':
      return config.address;
    case 'aws':
      return config.endpoint ?? '';
    case 'azure':
      return config.authorityHost ?? '';
  }
}

export function editDraftOf(connection: ConnectionView): EditDraft {
  return { name: connection.name, readOnly: connection.readOnly, endpoint: endpointOf(connection.config), credential: {} };
}

export interface ConnectionPatch {
  id: string;
  name?: string;
  readOnly?: boolean;
  config?: ConnectionConfig;
  secrets?: ConnectionSecrets;
}

/** Only what changed goes in the patch; a credential is replaced only when its required fields are filled. */
export function buildConnectionPatch(connection: ConnectionView, draft: EditDraft): Built<ConnectionPatch> {
  const errors: FieldErrors = {};
  const patch: ConnectionPatch = { id: connection.id };
  const name = draft.name.trim();
  if (name === '') errors['name'] = 'Give the connection a name';
  else if (name !== connection.name) patch.name = name;
  if (draft.readOnly !== connection.readOnly) patch.readOnly = draft.readOnly;

  const endpoint = draft.endpoint.trim();
  if (endpoint !== endpointOf(connection.config)) {
    const required = connection.config.kind === 'vault';
    if ((required || endpoint !== '') && !isHttpUrl(endpoint)) errors['endpoint'] = 'Enter an http(s) URL';
    else patch.config = withEndpoint(connection.config, endpoint);
  }

  const fields = credentialFields(connection.config);
  const typed = fields.filter((field) => (draft.credential[field.key] ?? '') !== '');
  if (typed.length > 0) {
    for (const field of fields) {
      if (!field.optional && (draft.credential[field.key] ?? '') === '')
        errors[`credential.${field.key}`] = `${field.label} is required to replace the credential`;
    }
    patch.secrets = nonEmpty(Object.fromEntries(fields.map((field) => [field.key, draft.credential[field.key] ?? ''])));
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: patch };
}

function withEndpoint(config: ConnectionConfig, endpoint: string): ConnectionConfig {
  switch (config.kind) {
    case 'vault':
      return { ...config, address: endpoint };
    case 'aws': {
      const next = { ...config };
      if (endpoint === '') delete next.endpoint;
      else next.endpoint = endpoint;
      return next;
    }
    case 'azure': {
      const next = { ...config };
      if (endpoint === '') delete next.authorityHost;
      else next.authorityHost = endpoint;
      return next;
    }
  }
}
