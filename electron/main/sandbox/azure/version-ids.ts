import { randomBytes } from 'node:crypto';

/**
 * Key Vault version ids: 32 lowercase hex characters. Drawn from a pooled buffer so seeding
 * hundreds of thousands of versions does not pay one randomBytes call each.
 */
export function createVersionIdSource(): () => string {
  const ID_BYTES = 16;
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + ID_BYTES > pool.length) {
      pool = randomBytes(ID_BYTES * 4096);
      offset = 0;
    }
    const id = pool.toString('hex', offset, offset + ID_BYTES);
    offset += ID_BYTES;
    return id;
  };
}
