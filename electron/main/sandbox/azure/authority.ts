import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { SandboxIdentity } from './identity';
import { publicJwk, signJwt } from './jwt';

/**
 * A minimal Microsoft Entra ID for the sandbox's one tenant and service principal: the OIDC
 * discovery document MSAL reads, the signing keys, instance discovery, and the v2.0 token
 * endpoint's client-credentials grant. Errors use Entra's shape and AADSTS codes.
 */
export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';
/** Key Vault's first-party application id, which Entra also accepts as its audience. */
export const KEY_VAULT_APP_ID = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';

export interface AuthorityContext {
  identity: SandboxIdentity;
  /** https://127.0.0.1:PORT, no trailing slash. */
  authorityHost: string;
  tokenLifetimeSeconds: number;
  now: () => number;
}

export interface AuthorityAnswer {
  status: number;
  body: unknown;
}

export function tokenIssuer(ctx: Pick<AuthorityContext, 'authorityHost' | 'identity'>): string {
  // v1.0 tokens, as Entra issues for Key Vault (its manifest does not ask for v2.0 tokens).
  return `${ctx.authorityHost}/${ctx.identity.tenantId}/`;
}

function entraError(ctx: AuthorityContext, status: number, error: string, code: number, description: string): AuthorityAnswer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(ctx.now())
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.authorityHost}/error?code=${code}`,
    },
  };
}

function knownTenant(ctx: AuthorityContext, tenant: string): boolean {
  return tenant.toLowerCase() === ctx.identity.tenantId || tenant === 'organizations' || tenant === 'common';
}

function openIdConfiguration(ctx: AuthorityContext, tenant: string, v2: boolean): AuthorityAnswer {
  const base = `${ctx.authorityHost}/${tenant}`;
  return {
    status: 200,
    body: {
      token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: v2 ? `${base}/discovery/v2.0/keys` : `${base}/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: v2 ? `${ctx.authorityHost}/${ctx.identity.tenantId}/v2.0` : tokenIssuer(ctx),
      request_uri_parameter_supported: false,
      authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
      tenant_region_scope: 'WW',
      cloud_instance_name: 'sandbox.local',
      cloud_graph_host_name: 'graph.sandbox.local',
      msgraph_host: 'graph.sandbox.local',
    },
  };
}

/** The Key Vault resource a client-credentials scope names, or undefined when it names none. */
function vaultScope(scope: string): boolean {
  const requested = scope.split(' ').filter((s) => s !== '' && !['openid', 'profile', 'offline_access'].includes(s));
  if (requested.length !== 1) return false;
  const [only] = requested;
  return only === `${KEY_VAULT_RESOURCE}/.default` || only === `${KEY_VAULT_RESOURCE}//.default` || only === `${KEY_VAULT_APP_ID}/.default`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function clientCapabilitiesRequested(claims: string | null): boolean {
  if (!claims) return false;
  try {
    const parsed = JSON.parse(claims) as { access_token?: { xms_cc?: { values?: unknown } } };
    const values = parsed.access_token?.xms_cc?.values;
    return Array.isArray(values) && values.includes('cp1');
  } catch {
    return false;
  }
}

function token(ctx: AuthorityContext, tenant: string, form: URLSearchParams): AuthorityAnswer {
  if (tenant.toLowerCase() !== ctx.identity.tenantId) {
    return entraError(
      ctx,
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials') {
    return entraError(ctx, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant ?? ''}'.`);
  }
  const clientId = form.get('client_id') ?? '';
  if (clientId.toLowerCase() !== ctx.identity.clientId) {
    return entraError(
      ctx,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${ctx.identity.tenantId}'.`,
    );
  }
  const secret = form.get('client_secret');
  if (secret === null) {
    return entraError(
      ctx,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (!sameSecret(secret, ctx.identity.clientSecret)) {
    return entraError(
      ctx,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const scope = form.get('scope') ?? '';
  if (!vaultScope(scope)) {
    return entraError(
      ctx,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const iat = Math.floor(ctx.now() / 1000);
  const lifetime = ctx.tokenLifetimeSeconds;
  const claims = {
    aud: KEY_VAULT_RESOURCE,
    iss: tokenIssuer(ctx),
    iat,
    nbf: iat,
    exp: iat + lifetime,
    aio: randomUUID(),
    appid: ctx.identity.clientId,
    appidacr: '1',
    idp: tokenIssuer(ctx),
    idtyp: 'app',
    oid: ctx.identity.objectId,
    rh: randomUUID(),
    sub: ctx.identity.objectId,
    tid: ctx.identity.tenantId,
    uti: randomUUID(),
    ver: '1.0',
    ...(clientCapabilitiesRequested(form.get('claims')) ? { xms_cc: ['cp1'] } : {}),
  };
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: signJwt(claims, ctx.identity.signingKey) },
  };
}

/** Answers one request to the authority, given its method, path, query and (form) body. */
export function handleAuthority(ctx: AuthorityContext, method: string, url: URL, body: string): AuthorityAnswer {
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const [tenant = '', ...rest] = segments;
  const route = rest.join('/');

  if (method === 'GET' && tenant === 'common' && route === 'discovery/instance') {
    const host = new URL(ctx.authorityHost).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${ctx.authorityHost}/common/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }
  if (!knownTenant(ctx, tenant)) {
    return entraError(
      ctx,
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (method === 'GET' && route === 'v2.0/.well-known/openid-configuration') return openIdConfiguration(ctx, tenant, true);
  if (method === 'GET' && route === '.well-known/openid-configuration') return openIdConfiguration(ctx, tenant, false);
  if (method === 'GET' && (route === 'discovery/v2.0/keys' || route === 'discovery/keys')) {
    return { status: 200, body: { keys: [publicJwk(ctx.identity.signingKey)] } };
  }
  if (method === 'POST' && route === 'oauth2/v2.0/token') return token(ctx, tenant, new URLSearchParams(body));
  return entraError(ctx, 404, 'invalid_request', 900561, 'The endpoint only accepts the documented routes and methods.');
}
