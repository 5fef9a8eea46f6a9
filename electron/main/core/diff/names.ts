import type { Environment } from '../../../../shared/connections';

/**
 * Native names (what an adapter's list() returns) to the common "/" form diffs match on, and back.
 * Vault and AWS list names relative to the scope's prefix; Azure names carry the prefix (and are
 * case-insensitive, so the common form of an Azure name is lower-cased).
 */
export function toCommon(environment: Environment, native: string): string {
  let name = native;
  if (environment.scope.kind === 'azure') {
    const prefix = environment.scope.prefix;
    if (prefix !== '' && name.toLowerCase().startsWith(prefix.toLowerCase())) name = name.slice(prefix.length);
    name = name.toLowerCase();
  }
  const separator = environment.nameMapping.separator;
  return separator === '/' ? name : name.split(separator).join('/');
}

export function toNative(environment: Environment, common: string): string {
  const separator = environment.nameMapping.separator;
  const joined = separator === '/' ? common : common.split('/').join(separator);
  return environment.scope.kind === 'azure' ? `${environment.scope.prefix}${joined}` : joined;
}
