import { KeyholeError } from '../../../../../shared/errors';

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Key Vault's name rule (1–127 of 0-9, a-z, A-Z and "-"), and the environment's prefix. */
export function checkName(name: string, prefix: string): void {
  if (!SECRET_NAME.test(name)) throw new KeyholeError('INVALID_NAME', { path: name });
  // Names are case-insensitive in Key Vault, so the scope's prefix is too.
  if (!name.toLowerCase().startsWith(prefix.toLowerCase())) throw new KeyholeError('INVALID_NAME', { path: name });
}

export function hasPrefix(name: string, prefix: string): boolean {
  return name.toLowerCase().startsWith(prefix.toLowerCase());
}
