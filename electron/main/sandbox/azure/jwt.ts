import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';

/** RS256 JSON Web Tokens, the shape Entra ID issues, signed with the sandbox's own key. */
export interface SigningKey {
  kid: string;
  privateKeyPem: string;
}

export type JwtClaims = Record<string, unknown>;

const b64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

export function signJwt(claims: JwtClaims, key: SigningKey): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(createPrivateKey(key.privateKeyPem));
  return `${header}.${payload}.${b64url(signature)}`;
}

/** The claims of a token whose signature checks out with `key`, or undefined. Claims are not judged here. */
export function verifyJwt(token: string, key: SigningKey): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    if (parsedHeader.alg !== 'RS256' || parsedHeader.kid !== key.kid) return undefined;
    const ok = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKeyOf(key), Buffer.from(signature, 'base64url'));
    if (!ok) return undefined;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

const publicKeys = new WeakMap<SigningKey, KeyObject>();

function publicKeyOf(key: SigningKey): KeyObject {
  let publicKey = publicKeys.get(key);
  if (!publicKey) {
    publicKey = createPublicKey(key.privateKeyPem);
    publicKeys.set(key, publicKey);
  }
  return publicKey;
}

/** The public half as a JWK, for the authority's jwks_uri. */
export function publicJwk(key: SigningKey): Record<string, string> {
  const jwk = publicKeyOf(key).export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid: key.kid, n: String(jwk.n), e: String(jwk.e) };
}
