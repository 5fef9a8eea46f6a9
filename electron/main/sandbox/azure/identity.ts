import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { SigningKey } from './jwt';
import { generateTlsMaterial, type TlsMaterial } from './tls';

/**
 * Who the sandbox's directory knows and the keys it serves with: one tenant, one service
 * principal (client id + secret) and the material for HTTPS and token signing. Generated once
 * and persisted, so clients that saved the CA and the client secret keep working.
 */
export interface SandboxIdentity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The service principal's object id, the `oid` of its tokens. */
  objectId: string;
  signingKey: SigningKey;
  tls: TlsMaterial;
}

export function generateIdentity(now: number = Date.now()): SandboxIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    tenantId: randomUUID(),
    clientId: randomUUID(),
    // Entra client secrets are 40 characters from a URL-safe alphabet.
    clientSecret: randomBytes(30).toString('base64url'),
    objectId: randomUUID(),
    signingKey: { kid: randomBytes(20).toString('base64url'), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    tls: generateTlsMaterial(now),
  };
}

export function isSandboxIdentity(value: unknown): value is SandboxIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SandboxIdentity>;
  return (
    typeof v.tenantId === 'string' &&
    typeof v.clientId === 'string' &&
    typeof v.clientSecret === 'string' &&
    typeof v.objectId === 'string' &&
    typeof v.signingKey?.kid === 'string' &&
    typeof v.signingKey.privateKeyPem === 'string' &&
    typeof v.tls?.caCertPem === 'string' &&
    typeof v.tls.serverCertPem === 'string' &&
    typeof v.tls.serverKeyPem === 'string'
  );
}
