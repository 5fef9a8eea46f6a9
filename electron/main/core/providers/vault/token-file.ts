import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KeyholeError } from '../../../../../shared/errors';

const MAX_TOKEN_LENGTH = 4096;
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Imports the token the Vault CLI keeps in `~/.vault-token` (written by `vault login`).
 * Null when there is none; INVALID_INPUT when the file does not hold a token.
 */
export async function readVaultTokenFile(home: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path.join(home, '.vault-token'), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new KeyholeError('INVALID_INPUT', typeof code === 'string' && /^E[A-Z]+$/.test(code) ? { detail: code } : {});
  }
  const token = text.trim();
  if (token === '') return null;
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN.test(token)) throw new KeyholeError('INVALID_INPUT', { detail: 'TOKEN_FILE' });
  return token;
}
