import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096;

/**
 * A PostgreSQL SCRAM-SHA-256 verifier (RFC 5802/7677, the form pg_authid keeps):
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. Sent in ALTER ROLE ... PASSWORD,
 * the server stores it as is, so the plaintext never reaches the server or its statement log.
 * PostgreSQL applies SASLprep to the password and falls back to the raw bytes when it does not
 * apply; NFKC is SASLprep's mapping for the printable text Keyhole generates or accepts.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
