import { KEY_VAULT_APP_ID, KEY_VAULT_RESOURCE, tokenIssuer } from './authority';
import type { SandboxIdentity } from './identity';
import { verifyJwt } from './jwt';
import { kvErrors, type KvError } from './kv-error';

/** Entra tokens are validated with five minutes of clock skew, as the service's middleware does. */
const SKEW_SECONDS = 300;

export interface VaultAuthContext {
  identity: SandboxIdentity;
  authorityHost: string;
  now: () => number;
}

/** The challenge every 401 carries: where to get a token (authority/tenant) and for what. */
export function challengeHeader(ctx: Pick<VaultAuthContext, 'identity' | 'authorityHost'>): string {
  return `Bearer authorization="${ctx.authorityHost}/${ctx.identity.tenantId}", resource="${KEY_VAULT_RESOURCE}"`;
}

/** Undefined when the request's bearer token is good for this vault, else the 401 to answer. */
export function checkBearer(ctx: VaultAuthContext, authorization: string | undefined): KvError | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const token = match?.[1];
  if (!token) return kvErrors.unauthorized('AKV10000: Request is missing a Bearer or PoP token.');
  const claims = verifyJwt(token, ctx.identity.signingKey);
  if (!claims) return kvErrors.unauthorized('AKV10021: Invalid token signature.');
  const aud = claims.aud;
  if (aud !== KEY_VAULT_RESOURCE && aud !== `${KEY_VAULT_RESOURCE}/` && aud !== KEY_VAULT_APP_ID) {
    return kvErrors.unauthorized(`AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE}, found: ${String(aud)}.`);
  }
  if (claims.iss !== tokenIssuer(ctx) || claims.tid !== ctx.identity.tenantId) {
    return kvErrors.unauthorized(`AKV10032: Invalid issuer. Expected one of ${tokenIssuer(ctx)}, found ${String(claims.iss)}.`);
  }
  const now = Math.floor(ctx.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_SECONDS <= now) return kvErrors.unauthorized('AKV10020: Token is expired.');
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > now) return kvErrors.unauthorized('AKV10020: Token is not yet valid.');
  return undefined;
}
