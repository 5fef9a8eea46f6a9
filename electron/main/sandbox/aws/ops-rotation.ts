import { randomUUID } from 'node:crypto';
import { AwsError, errors } from './errors';
import { optBool, optString } from './input';
import { parseFunctionArn } from './lambda-invocation';
import { attachLabel, holderOf, pruneDeprecated } from './labels';
import { AWSCURRENT, AWSPENDING, type StoredVersion } from './model';
import { findSecret, findVersion, liveSecret, VERSION_ID, type Operation } from './ops-common';
import type { RotationRunner } from './rotation-runner';
import { nextRotation, readRules } from './rotation-schedule';

/**
 * RotateSecret and CancelRotateSecret. RotateSecret stores the rotation configuration, labels
 * an empty placeholder version (id = ClientRequestToken) AWSPENDING, answers, and leaves the
 * steps to the rotation function. While AWSPENDING sits on another version than AWSCURRENT, a
 * previous rotation counts as unfinished and a new one is refused; the same token again is that
 * rotation's retry and answers the same VersionId.
 */
export const PREVIOUS_ROTATION_INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted.";

export function rotationOperations(runner: RotationRunner): Record<string, Operation> {
  const rotateSecret: Operation = (body, ctx) => {
    const secret = findSecret(body, ctx);
    const token = optString(body, 'ClientRequestToken', VERSION_ID) ?? randomUUID();
    const lambdaArn = optString(body, 'RotationLambdaARN', { max: 2048 });
    const rules = readRules(body);
    const immediately = optBool(body, 'RotateImmediately') ?? true;
    if (secret.deletedAt !== undefined) throw errors.markedForDeletion();
    // "Any later invocation of RotateSecret" is refused while AWSPENDING marks an unfinished rotation.
    const pending = holderOf(secret, AWSPENDING);
    const unfinished = pending !== undefined && pending !== holderOf(secret, AWSCURRENT);
    if (unfinished && pending.id !== token) throw errors.invalidRequest(PREVIOUS_ROTATION_INCOMPLETE);
    const functionArn = lambdaArn ?? secret.rotation?.lambdaArn;
    if (functionArn === undefined) throw errors.invalidRequest('No Lambda rotation function ARN is associated with this secret.');
    const fn = parseFunctionArn(functionArn);
    if (!fn || fn.region !== ctx.store.region || fn.account !== ctx.store.account) {
      throw new AwsError(
        'AccessDeniedException',
        'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.',
      );
    }

    const existing = findVersion(secret, token);
    const answer = { ARN: secret.arn, Name: secret.name, VersionId: token };
    // A retry of a rotation that already finished: nothing more to do.
    if (existing && !unfinished) return answer;

    const effectiveRules = rules ?? secret.rotation?.rules;
    const next = nextRotation(effectiveRules, ctx.now);
    secret.rotation = {
      ...(secret.rotation?.lastRotatedAt !== undefined ? { lastRotatedAt: secret.rotation.lastRotatedAt } : {}),
      enabled: true,
      lambdaArn: functionArn,
      ...(effectiveRules !== undefined ? { rules: effectiveRules } : {}),
      ...(next !== undefined ? { nextRotationAt: next } : {}),
    };
    if (!existing) {
      const placeholder: StoredVersion = { id: token, createdAt: ctx.now, stages: [] };
      secret.versions.push(placeholder);
      attachLabel(secret, placeholder, AWSPENDING);
      pruneDeprecated(secret);
    }
    ctx.store.changed(secret, ctx.now);
    if (runner.inProgress(secret.arn) !== token) runner.start(ctx.store, secret, fn, token, immediately);
    return answer;
  };

  const cancelRotateSecret: Operation = (body, ctx) => {
    const secret = liveSecret(body, ctx);
    const stopped = runner.stop(secret.arn);
    const pending = holderOf(secret, AWSPENDING);
    const versionId = stopped ?? (pending && pending !== holderOf(secret, AWSCURRENT) ? pending.id : undefined);
    secret.rotation = { ...secret.rotation, enabled: false };
    ctx.store.changed(secret, ctx.now);
    return { ARN: secret.arn, Name: secret.name, ...(versionId !== undefined ? { VersionId: versionId } : {}) };
  };

  return { RotateSecret: rotateSecret, CancelRotateSecret: cancelRotateSecret };
}
