import type { AwsScope } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';

/**
 * Secrets Manager names: 1 to 512 characters of ASCII letters, digits and / _ + = . @ -.
 * Names are relative to the environment's prefix in Keyhole and absolute (prefix + name) on AWS.
 */
const AWS_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A name ending in "-" and six characters reads like a full ARN's random suffix. */
const ARN_SUFFIX_LIKE = /-[A-Za-z0-9]{6}$/;

export function isValidAwsName(name: string): boolean {
  return AWS_NAME.test(name);
}

export function looksLikeArnSuffix(name: string): boolean {
  return ARN_SUFFIX_LIKE.test(name);
}

/** The AWS name for a name relative to the scope; INVALID_NAME when AWS would refuse it. */
export function awsName(scope: AwsScope, name: string): string {
  const full = `${scope.prefix}${name}`;
  if (name === '' || !isValidAwsName(full)) throw new KeyholeError('INVALID_NAME', { path: name });
  return full;
}

/** The name relative to the scope, or undefined when the AWS name is outside it. */
export function relativeName(scope: AwsScope, full: string): string | undefined {
  if (!full.startsWith(scope.prefix)) return undefined;
  const name = full.slice(scope.prefix.length);
  return name === '' ? undefined : name;
}
