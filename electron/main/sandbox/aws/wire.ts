import { versionsToStages } from './labels';
import type { StoredSecret, StoredVersion } from './model';

/** Secrets Manager's JSON shapes. Timestamps are epoch seconds as numbers, with a fraction. */
export const epochSeconds = (ms: number): number => ms / 1000;

function rotationFields(secret: StoredSecret): Record<string, unknown> {
  const rotation = secret.rotation;
  if (!rotation) return {};
  return {
    RotationEnabled: rotation.enabled,
    ...(rotation.lambdaArn !== undefined ? { RotationLambdaARN: rotation.lambdaArn } : {}),
    ...(rotation.rules !== undefined ? { RotationRules: rotation.rules } : {}),
    ...(rotation.lastRotatedAt !== undefined ? { LastRotatedDate: epochSeconds(rotation.lastRotatedAt) } : {}),
    ...(rotation.enabled && rotation.nextRotationAt !== undefined ? { NextRotationDate: epochSeconds(rotation.nextRotationAt) } : {}),
  };
}

function common(secret: StoredSecret): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined ? { Description: secret.description } : {}),
    ...(secret.kmsKeyId !== undefined ? { KmsKeyId: secret.kmsKeyId } : {}),
    ...rotationFields(secret),
    LastChangedDate: epochSeconds(secret.lastChangedAt),
    ...(secret.lastAccessedAt !== undefined ? { LastAccessedDate: epochSeconds(secret.lastAccessedAt) } : {}),
    ...(secret.deletedAt !== undefined ? { DeletedDate: epochSeconds(secret.deletedAt) } : {}),
    ...(secret.tags.length > 0 ? { Tags: secret.tags.map((t) => ({ ...t })) } : {}),
  };
}

export function listEntry(secret: StoredSecret): Record<string, unknown> {
  return { ...common(secret), SecretVersionsToStages: versionsToStages(secret), CreatedDate: epochSeconds(secret.createdAt) };
}

export function describe(secret: StoredSecret): Record<string, unknown> {
  return { ...common(secret), VersionIdsToStages: versionsToStages(secret), CreatedDate: epochSeconds(secret.createdAt) };
}

export function valueEntry(secret: StoredSecret, version: StoredVersion): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.id,
    ...(version.binary !== undefined ? { SecretBinary: version.binary } : { SecretString: version.string ?? '' }),
    VersionStages: [...version.stages],
    CreatedDate: epochSeconds(version.createdAt),
  };
}

export function versionEntry(version: StoredVersion): Record<string, unknown> {
  return {
    VersionId: version.id,
    ...(version.stages.length > 0 ? { VersionStages: [...version.stages] } : {}),
    ...(version.lastAccessedAt !== undefined ? { LastAccessedDate: epochSeconds(version.lastAccessedAt) } : {}),
    CreatedDate: epochSeconds(version.createdAt),
    KmsKeyIds: ['DefaultEncryptionKey'],
  };
}
