import type { VaultScope } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';

/**
 * Vault paths as Keyhole uses them: a name is relative to the environment's prefix within its
 * KV v2 mount. Names are checked before any request, so a bad one never reaches Vault (where
 * ".." or "//" would be redirected to another path by its HTTP mux).
 */
export interface VaultLocation {
  /** The mount without slashes, e.g. "kv" or "team/secrets". */
  mount: string;
  /** "" or a folder ending in "/", e.g. "staging/". */
  prefix: string;
}

const MAX_PATH_BYTES = 1024;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

function validSegments(path: string): boolean {
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export function isValidName(name: string): boolean {
  return name.length > 0 && Buffer.byteLength(name) <= MAX_PATH_BYTES && !CONTROL.test(name) && validSegments(name);
}

export function checkName(name: string): void {
  if (!isValidName(name)) throw new KeyholeError('INVALID_NAME', { path: name });
}

/** Normalizes a scope's mount and prefix; an unusable one is INVALID_INPUT. */
export function locate(scope: VaultScope): VaultLocation {
  const mount = scope.mount.replace(/^\/+|\/+$/g, '');
  const prefix = scope.prefix.replace(/^\/+|\/+$/g, '');
  if (mount === '' || CONTROL.test(mount) || !validSegments(mount)) throw new KeyholeError('INVALID_INPUT');
  if (prefix !== '' && (CONTROL.test(prefix) || !validSegments(prefix))) throw new KeyholeError('INVALID_INPUT');
  return { mount, prefix: prefix === '' ? '' : `${prefix}/` };
}

/** Percent-encodes each segment so "?", "#", "%" and spaces stay part of the path. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** `<mount>/<section>/<prefix><name>`, encoded, as node-vault expects it (no leading slash). */
export function apiPath(location: VaultLocation, section: 'data' | 'metadata' | 'delete' | 'undelete' | 'destroy', relative: string): string {
  return `${encodePath(location.mount)}/${section}/${encodePath(`${location.prefix}${relative}`)}`;
}
