import { randomUUID } from 'node:crypto';
import { errors } from './errors';
import { optBool, optInt, optString, optStringList, optTags, reqString, type Body } from './input';
import { attachLabel, holderOf, pruneDeprecated, removeLabel } from './labels';
import { AWSCURRENT, MAX_TAGS, type StoredSecret, type StoredVersion, type Tag } from './model';
import {
  findSecret,
  findVersion,
  hasValue,
  liveSecret,
  readValue,
  sameValue,
  STAGE,
  VERSION_ID,
  type NewValue,
  type OpContext,
  type Operation,
} from './ops-common';

const NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const DAY_MS = 86_400_000;

function requestToken(body: Body): string {
  return optString(body, 'ClientRequestToken', VERSION_ID) ?? randomUUID();
}

function checkTags(tags: Tag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) throw errors.invalidParameter('Tag keys that begin with aws: are reserved for AWS use.');
    if (keys.has(tag.Key)) throw errors.invalidParameter('Duplicate tag keys are not allowed.');
    keys.add(tag.Key);
  }
  if (tags.length > MAX_TAGS) throw errors.invalidParameter(`The number of tags on a secret can't exceed ${MAX_TAGS}.`);
}

/**
 * Adds a version under ClientRequestToken, idempotently: the same token with the same value
 * returns the existing version; with a different value it is refused.
 */
function putVersion(secret: StoredSecret, token: string, value: NewValue, stages: string[], ctx: OpContext): StoredVersion {
  const existing = findVersion(secret, token);
  if (existing && !hasValue(existing)) {
    // A rotation function putting the new value under its token, into RotateSecret's placeholder.
    Object.assign(existing, value);
    for (const stage of stages) attachLabel(secret, existing, stage);
    ctx.store.changed(secret, ctx.now);
    return existing;
  }
  if (existing) {
    if (sameValue(existing, value)) return existing;
    throw errors.exists("You can't modify an existing version, you can only create new ones.");
  }
  const version: StoredVersion = { id: token, createdAt: ctx.now, ...value, stages: [] };
  secret.versions.push(version);
  for (const stage of stages) attachLabel(secret, version, stage);
  pruneDeprecated(secret);
  ctx.store.changed(secret, ctx.now);
  return version;
}

const createSecret: Operation = (body, ctx) => {
  const name = reqString(body, 'Name', { min: 1, max: 512 });
  if (!NAME.test(name)) {
    throw errors.invalidParameter('Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
  }
  const token = requestToken(body);
  const description = optString(body, 'Description', { max: 2048 });
  const kmsKeyId = optString(body, 'KmsKeyId', { max: 2048 });
  const value = readValue(body);
  const tags = optTags(body) ?? [];
  checkTags(tags);
  const existing = ctx.store.has(name, ctx.now);
  if (existing) {
    if (existing.deletedAt !== undefined) {
      throw errors.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
    }
    const retried = findVersion(existing, token);
    if (retried && value && sameValue(retried, value))
      return { ARN: existing.arn, Name: existing.name, VersionId: retried.id, ReplicationStatus: [] };
    throw errors.exists(`The operation failed because the secret ${name} already exists.`);
  }
  const secret: StoredSecret = {
    arn: ctx.store.newArn(name),
    name,
    ...(description !== undefined ? { description } : {}),
    ...(kmsKeyId !== undefined && kmsKeyId !== '' ? { kmsKeyId } : {}),
    tags,
    createdAt: ctx.now,
    lastChangedAt: ctx.now,
    versions: value ? [{ id: token, createdAt: ctx.now, ...value, stages: [AWSCURRENT] }] : [],
  };
  ctx.store.add(secret);
  return { ARN: secret.arn, Name: secret.name, ...(value ? { VersionId: token } : {}), ReplicationStatus: [] };
};

const putSecretValue: Operation = (body, ctx) => {
  const secret = liveSecret(body, ctx);
  const token = requestToken(body);
  const stages = optStringList(body, 'VersionStages', { min: 1, max: 20 }, STAGE) ?? [AWSCURRENT];
  optString(body, 'RotationToken', { min: 36, max: 256 });
  const value = readValue(body);
  if (!value) throw errors.invalidParameter('You must provide either SecretString or SecretBinary.');
  const version = putVersion(secret, token, value, stages, ctx);
  return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: [...version.stages] };
};

const updateSecret: Operation = (body, ctx) => {
  const secret = liveSecret(body, ctx);
  const token = requestToken(body);
  const description = optString(body, 'Description', { max: 2048 });
  const kmsKeyId = optString(body, 'KmsKeyId', { max: 2048 });
  const value = readValue(body);
  if (description !== undefined) secret.description = description;
  if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
  const version = value ? putVersion(secret, token, value, [AWSCURRENT], ctx) : undefined;
  ctx.store.changed(secret, ctx.now);
  return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.id } : {}) };
};

const updateSecretVersionStage: Operation = (body, ctx) => {
  const secret = liveSecret(body, ctx);
  const label = reqString(body, 'VersionStage', STAGE);
  const removeFrom = optString(body, 'RemoveFromVersionId', VERSION_ID);
  const moveTo = optString(body, 'MoveToVersionId', VERSION_ID);
  const holder = holderOf(secret, label);
  if (removeFrom !== undefined && holder?.id !== removeFrom) {
    throw errors.invalidParameter(
      holder
        ? `The staging label ${label} is currently attached to version ${holder.id}, not to version ${removeFrom} specified in RemoveFromVersionId.`
        : `The staging label ${label} is not attached to version ${removeFrom}.`,
    );
  }
  if (moveTo !== undefined) {
    const target = findVersion(secret, moveTo);
    if (!target) throw errors.versionNotFound(moveTo);
    if (holder && holder !== target && removeFrom === undefined) {
      throw errors.invalidParameter(
        `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    attachLabel(secret, target, label);
  } else {
    if (removeFrom === undefined || !holder) throw errors.invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId or both.');
    if (label === AWSCURRENT) {
      throw errors.invalidParameter("You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.");
    }
    removeLabel(holder, label);
  }
  pruneDeprecated(secret);
  ctx.store.changed(secret, ctx.now);
  return { ARN: secret.arn, Name: secret.name };
};

const tagResource: Operation = (body, ctx) => {
  const secret = liveSecret(body, ctx);
  const tags = optTags(body);
  if (tags === undefined) throw errors.validation('tags', 'Member must not be null');
  const merged = new Map(secret.tags.map((t) => [t.Key, t.Value]));
  for (const tag of tags) merged.set(tag.Key, tag.Value);
  const next = [...merged].map(([Key, Value]) => ({ Key, Value }));
  checkTags(next);
  secret.tags = next;
  ctx.store.changed(secret, ctx.now);
  return {};
};

const untagResource: Operation = (body, ctx) => {
  const secret = liveSecret(body, ctx);
  const keys = optStringList(body, 'TagKeys', {}, { min: 1, max: 128 });
  if (keys === undefined) throw errors.validation('tagKeys', 'Member must not be null');
  secret.tags = secret.tags.filter((t) => !keys.includes(t.Key));
  ctx.store.changed(secret, ctx.now);
  return {};
};

const deleteSecret: Operation = (body, ctx) => {
  const secret = findSecret(body, ctx);
  const window = optInt(body, 'RecoveryWindowInDays');
  const force = optBool(body, 'ForceDeleteWithoutRecovery') ?? false;
  if (force && window !== undefined) {
    throw errors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
  }
  if (window !== undefined && (window < 7 || window > 30)) {
    throw errors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  }
  if (force) {
    ctx.store.remove(secret);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: ctx.now / 1000 };
  }
  if (secret.deletedAt !== undefined) throw errors.markedForDeletion();
  const deletionDate = ctx.now + (window ?? 30) * DAY_MS;
  ctx.store.scheduleDeletion(secret, ctx.now, deletionDate);
  return { ARN: secret.arn, Name: secret.name, DeletionDate: deletionDate / 1000 };
};

const restoreSecret: Operation = (body, ctx) => {
  const secret = findSecret(body, ctx);
  if (secret.deletedAt !== undefined) ctx.store.restore(secret, ctx.now);
  return { ARN: secret.arn, Name: secret.name };
};

export const writeOperations: Record<string, Operation> = {
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
  TagResource: tagResource,
  UntagResource: untagResource,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
};
