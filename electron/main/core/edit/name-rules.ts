import type { Environment } from '../../../../shared/connections';
import { isKeyholeError, KeyholeError } from '../../../../shared/errors';
import { toCommon, toNative } from '../diff/names';
import { awsName } from '../providers/aws/names';
import { checkName as checkAzureName } from '../providers/azure/names';
import { checkName as checkVaultName } from '../providers/vault/names';

export interface NameCheck {
  valid: boolean;
  /** The name in the common "/" form diffs match on. */
  common?: string;
  problem?: string;
}

/**
 * A new secret's name against the provider's own rules (the adapters' checks, run before any
 * request) and the environment's name mapping: the name must map to a common form with no empty
 * segment and back to itself, so diffs and promotes find it again.
 */
export function checkNewName(environment: Environment, name: string): NameCheck {
  try {
    const scope = environment.scope;
    if (scope.kind === 'vault') checkVaultName(name);
    else if (scope.kind === 'aws') awsName(scope, name);
    else checkAzureName(name, scope.prefix);
  } catch (error) {
    if (isKeyholeError(error)) return { valid: false, problem: providerRule(environment) };
    throw error;
  }
  const common = toCommon(environment, name);
  const back = toNative(environment, common);
  const same = environment.scope.kind === 'azure' ? back.toLowerCase() === name.toLowerCase() : back === name;
  if (!same || common.split('/').some((segment) => segment === '')) {
    return { valid: false, problem: `The name does not map to a common name with separator "${environment.nameMapping.separator}"` };
  }
  return { valid: true, common };
}

export function requireNewName(environment: Environment, name: string): void {
  if (!checkNewName(environment, name).valid) throw new KeyholeError('INVALID_NAME', { path: name });
}

function providerRule(environment: Environment): string {
  const scope = environment.scope;
  if (scope.kind === 'vault') return 'Vault paths: up to 1024 bytes, no empty, "." or ".." segment, no control characters';
  if (scope.kind === 'aws') return 'AWS names: 1–512 of letters, digits and / _ + = . @ -, including the environment prefix';
  return scope.prefix === ''
    ? 'Azure names: 1–127 of letters, digits and -'
    : `Azure names: 1–127 of letters, digits and -, starting with "${scope.prefix}"`;
}
