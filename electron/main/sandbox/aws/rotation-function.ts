import { randomBytes, randomInt } from 'node:crypto';
import type { AwsRotationStep } from '../../../../shared/domain';
import type { Frame, Invocation } from './lambda-invocation';
import { attachLabel, holderOf, pruneDeprecated } from './labels';
import { AWSCURRENT, AWSPENDING, type StoredSecret, type StoredVersion } from './model';
import { findVersion, hasValue } from './ops-common';
import type { RegionStore } from './region-store';
import type { AwsRotationFault } from './rotation-fault';

/**
 * The sandbox's rotation function: AWS's rotation template (lambda_handler and its four steps),
 * one step per invocation. No database stands behind it, so setSecret and testSecret only log
 * success. It never logs a value.
 */
export interface StepTarget {
  store: RegionStore;
  secretArn: string;
  token: string;
  now: number;
  /** RotateImmediately=false: testSecret checks the configuration against the empty AWSPENDING placeholder. */
  configurationTest: boolean;
}

export type StepOutcome = 'done' | 'failed' | 'hung';

const HANDLER_FRAME: Record<AwsRotationStep, Frame> = {
  createSecret: { line: 82, scope: 'lambda_handler', code: 'create_secret(service_client, arn, token)' },
  setSecret: { line: 85, scope: 'lambda_handler', code: 'set_secret(service_client, arn, token)' },
  testSecret: { line: 88, scope: 'lambda_handler', code: 'test_secret(service_client, arn, token)' },
  finishSecret: { line: 91, scope: 'lambda_handler', code: 'finish_secret(service_client, arn, token)' },
};

const PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.;<=>?[]^_{|}~';

function randomPassword(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

/** The new value: the current JSON object with a fresh `password`, else a fresh random value. */
function nextValue(current: StoredVersion): { string: string } | { binary: string } {
  if (current.binary !== undefined) return { binary: randomBytes(32).toString('base64') };
  try {
    const parsed: unknown = JSON.parse(current.string ?? '');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return { string: JSON.stringify({ ...(parsed as Record<string, unknown>), password: randomPassword() }) };
    }
  } catch {
    // Not JSON: a plain string secret.
  }
  return { string: randomPassword() };
}

class StepError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly frame: Frame,
    /** What the function logged before raising; absent for an SDK error it did not catch. */
    readonly logged?: string,
  ) {
    super(message);
  }
}

/** What the template logs and raises: a step prefixes its logged line with its name, lambda_handler does not. */
const valueError = (step: AwsRotationStep | 'lambda_handler', message: string, code: string, line: number) =>
  step === 'lambda_handler'
    ? new StepError('ValueError', message, { line, scope: step, code }, message)
    : new StepError('ValueError', message, { line, scope: toScope(step), code }, `${step}: ${message}`);

function toScope(step: AwsRotationStep): string {
  return step.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function clientError(operation: string, type: string, message: string, frame: Frame): StepError {
  return new StepError(type, `An error occurred (${type}) when calling the ${operation} operation: ${message}`, frame);
}

/** The template's lambda_handler checks, made before every step. Returns false when the step has nothing to do. */
function precheck(secret: StoredSecret, token: string, invocation: Invocation): boolean {
  const arn = secret.arn;
  if (secret.rotation?.enabled === false) {
    throw valueError(
      'lambda_handler',
      `Secret ${arn} is not enabled for rotation`,
      'raise ValueError("Secret %s is not enabled for rotation" % arn)',
      67,
    );
  }
  const version = findVersion(secret, token);
  if (!version || version.stages.length === 0) {
    throw valueError(
      'lambda_handler',
      `Secret version ${token} has no stage for rotation of secret ${arn}.`,
      'raise ValueError("Secret version %s has no stage for rotation of secret %s." % (token, arn))',
      71,
    );
  }
  if (version.stages.includes(AWSCURRENT)) {
    invocation.info(`Secret version ${token} already set as AWSCURRENT for secret ${arn}.`);
    return false;
  }
  if (!version.stages.includes(AWSPENDING)) {
    throw valueError(
      'lambda_handler',
      `Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.`,
      'raise ValueError("Secret version %s not set as AWSPENDING for rotation of secret %s." % (token, arn))',
      77,
    );
  }
  return true;
}

const FAILURES: Record<AwsRotationStep, { message: (arn: string, token: string) => string; code: string; line: number }> = {
  createSecret: {
    message: (arn, token) => `Unable to generate a new secret value for ARN ${arn} and version ${token}.`,
    code: 'raise ValueError("Unable to generate a new secret value for ARN %s and version %s." % (arn, token))',
    line: 131,
  },
  setSecret: {
    message: (arn) => `Unable to log into database with previous, current, or pending secret of secret arn ${arn}`,
    code: 'raise ValueError("Unable to log into database with previous, current, or pending secret of secret arn %s" % arn)',
    line: 190,
  },
  testSecret: {
    message: (arn) => `Unable to log into database with pending secret of secret ARN ${arn}`,
    code: 'raise ValueError("Unable to log into database with pending secret of secret ARN %s" % arn)',
    line: 221,
  },
  finishSecret: {
    message: (arn, token) => `Unable to move staging label AWSCURRENT to version ${token} for secret ${arn}.`,
    code: 'raise ValueError("Unable to move staging label AWSCURRENT to version %s for secret %s." % (version, arn))',
    line: 252,
  },
};

function pendingValue(secret: StoredSecret, token: string, step: AwsRotationStep): StoredVersion {
  const version = findVersion(secret, token);
  if (!version || !hasValue(version)) {
    throw clientError(
      'GetSecretValue',
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${token}`,
      HANDLER_FRAME[step],
    );
  }
  return version;
}

function runBody(step: AwsRotationStep, secret: StoredSecret, target: StepTarget, invocation: Invocation): void {
  const { token, store, now } = target;
  const arn = secret.arn;
  switch (step) {
    case 'createSecret': {
      const current = holderOf(secret, AWSCURRENT);
      if (!current || !hasValue(current)) {
        throw clientError(
          'GetSecretValue',
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
          HANDLER_FRAME.createSecret,
        );
      }
      const version = findVersion(secret, token);
      if (version && hasValue(version)) {
        invocation.info(`createSecret: Successfully retrieved secret for ${arn}.`);
        return;
      }
      const value = nextValue(current);
      if (version) Object.assign(version, value);
      else {
        const created: StoredVersion = { id: token, createdAt: now, ...value, stages: [] };
        secret.versions.push(created);
        attachLabel(secret, created, AWSPENDING);
        pruneDeprecated(secret);
      }
      store.changed(secret, now);
      invocation.info(`createSecret: Successfully put secret for ARN ${arn} and version ${token}.`);
      return;
    }
    case 'setSecret':
      pendingValue(secret, token, step);
      invocation.info(`setSecret: Successfully set password in the database for secret arn ${arn}.`);
      return;
    case 'testSecret':
      if (!target.configurationTest) pendingValue(secret, token, step);
      invocation.info(`testSecret: Successfully signed into the database with AWSPENDING secret in ${arn}.`);
      return;
    case 'finishSecret': {
      const version = pendingValue(secret, token, step);
      const current = holderOf(secret, AWSCURRENT);
      if (current === version) {
        invocation.info(`finishSecret: Version ${token} already marked as AWSCURRENT for ${arn}`);
        return;
      }
      attachLabel(secret, version, AWSCURRENT);
      pruneDeprecated(secret);
      store.changed(secret, now);
      invocation.info(`finishSecret: Successfully set AWSCURRENT stage to version ${token} for secret ${arn}.`);
      return;
    }
  }
}

/** Runs one step in its invocation; the caller ends the invocation unless the step hung. */
export function runStep(step: AwsRotationStep, target: StepTarget, invocation: Invocation, fault: AwsRotationFault | undefined): StepOutcome {
  try {
    const secret = target.store.resolve(target.secretArn, target.now);
    if (!secret) {
      throw clientError('DescribeSecret', 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.", {
        line: 64,
        scope: 'lambda_handler',
        code: 'metadata = service_client.describe_secret(SecretId=arn)',
      });
    }
    if (secret.deletedAt !== undefined) {
      throw clientError(
        'GetSecretValue',
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
        HANDLER_FRAME[step],
      );
    }
    if (!precheck(secret, target.token, invocation)) return 'done';
    if (fault?.mode === 'hang') return 'hung';
    if (fault?.mode === 'fail') {
      const failure = FAILURES[step];
      throw valueError(step, failure.message(secret.arn, target.token), failure.code, failure.line);
    }
    runBody(step, secret, target, invocation);
    return 'done';
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    const frames = error.frame.scope === 'lambda_handler' ? [error.frame] : [HANDLER_FRAME[step], error.frame];
    invocation.fail(error.logged, error.errorType, error.message, frames);
    return 'failed';
  }
}
