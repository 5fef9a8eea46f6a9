import { errors } from './errors';
import { optBool, optFilters, optInt, optString, optStringList } from './input';
import { holderOf } from './labels';
import { AWSCURRENT, type StoredSecret, type StoredVersion } from './model';
import { findSecret, findVersion, hasValue, liveSecret, SECRET_ID, STAGE, VERSION_ID, type OpContext, type Operation } from './ops-common';
import { pageSecrets } from './paging';
import type { SortBy } from './region-store';
import { describe, listEntry, valueEntry, versionEntry } from './wire';

const SORT_BY: SortBy[] = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'];

function readVersion(secret: StoredSecret, versionId: string | undefined, stage: string | undefined): StoredVersion {
  if (versionId !== undefined) {
    const version = findVersion(secret, versionId);
    if (!version) throw errors.versionNotFound(versionId);
    if (stage !== undefined && !version.stages.includes(stage)) {
      throw errors.invalidRequest('You provided a VersionStage that is not associated to the provided VersionId.');
    }
    if (!hasValue(version)) throw errors.versionNotFound(versionId);
    return version;
  }
  const label = stage ?? AWSCURRENT;
  const version = holderOf(secret, label);
  if (!version || !hasValue(version)) throw errors.stageNotFound(label);
  return version;
}

const getSecretValue: Operation = (body, ctx) => {
  const secret = liveSecret(body, ctx);
  const version = readVersion(secret, optString(body, 'VersionId', VERSION_ID), optString(body, 'VersionStage', STAGE));
  ctx.store.accessed(secret, version, ctx.now);
  return valueEntry(secret, version);
};

function batchById(ids: string[], ctx: OpContext): Record<string, unknown> {
  const values: Record<string, unknown>[] = [];
  const failures: Record<string, unknown>[] = [];
  for (const id of ids) {
    try {
      const secret = liveSecret({ SecretId: id }, ctx);
      const version = readVersion(secret, undefined, undefined);
      ctx.store.accessed(secret, version, ctx.now);
      values.push(valueEntry(secret, version));
    } catch (error) {
      const failure = error as { type?: string; message: string };
      failures.push({ SecretId: id, ErrorCode: failure.type ?? 'InternalServiceError', Message: failure.message });
    }
  }
  return { SecretValues: values, Errors: failures };
}

const batchGetSecretValue: Operation = (body, ctx) => {
  const ids = optStringList(body, 'SecretIdList', { min: 1, max: 20 }, SECRET_ID);
  const filters = optFilters(body);
  const maxResults = optInt(body, 'MaxResults', { min: 1, max: 20 });
  const nextToken = optString(body, 'NextToken', { min: 1, max: 4096 });
  if ((ids === undefined) === (filters === undefined)) {
    throw errors.invalidParameter('You must provide either SecretIdList or Filters, but not both.');
  }
  if (ids !== undefined) {
    if (maxResults !== undefined || nextToken !== undefined) {
      throw errors.invalidParameter('MaxResults and NextToken can only be used with Filters.');
    }
    return batchById(ids, ctx);
  }
  const page = pageSecrets(ctx.store, {
    scope: 'BatchGetSecretValue',
    sortBy: 'created-date',
    order: 'asc',
    filters: filters ?? [],
    includePlannedDeletion: false,
    maxResults: maxResults ?? 20,
    ...(nextToken !== undefined ? { nextToken } : {}),
  });
  const values: Record<string, unknown>[] = [];
  for (const secret of page.items) {
    const version = holderOf(secret, AWSCURRENT);
    if (!version) continue;
    ctx.store.accessed(secret, version, ctx.now);
    values.push(valueEntry(secret, version));
  }
  return { SecretValues: values, Errors: [], ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}) };
};

const listSecrets: Operation = (body, ctx) => {
  const sortOrder = optString(body, 'SortOrder');
  if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw errors.validation('sortOrder', 'Member must satisfy enum value set: [asc, desc]');
  }
  const sortBy = optString(body, 'SortBy');
  if (sortBy !== undefined && !(SORT_BY as string[]).includes(sortBy)) {
    throw errors.validation('sortBy', `Member must satisfy enum value set: [${SORT_BY.join(', ')}]`);
  }
  const nextToken = optString(body, 'NextToken', { min: 1, max: 4096 });
  const page = pageSecrets(ctx.store, {
    scope: 'ListSecrets',
    sortBy: (sortBy as SortBy | undefined) ?? 'created-date',
    order: sortOrder ?? 'desc',
    filters: optFilters(body) ?? [],
    includePlannedDeletion: optBool(body, 'IncludePlannedDeletion') ?? false,
    maxResults: optInt(body, 'MaxResults', { min: 1, max: 100 }) ?? 100,
    ...(nextToken !== undefined ? { nextToken } : {}),
  });
  return { SecretList: page.items.map(listEntry), ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}) };
};

const describeSecret: Operation = (body, ctx) => describe(findSecret(body, ctx));

const listSecretVersionIds: Operation = (body, ctx) => {
  const secret = findSecret(body, ctx);
  const maxResults = optInt(body, 'MaxResults', { min: 1, max: 100 }) ?? 100;
  const includeDeprecated = optBool(body, 'IncludeDeprecated') ?? false;
  const token = optString(body, 'NextToken', { min: 1, max: 4096 });
  let offset = 0;
  if (token !== undefined) {
    const match = /^v1:(\d+):(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!match || match[2] !== `${secret.arn}:${includeDeprecated}`) throw errors.invalidNextToken();
    offset = Number(match[1]);
  }
  const versions = secret.versions
    .filter((v) => includeDeprecated || v.stages.length > 0)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  const page = versions.slice(offset, offset + maxResults);
  const next =
    offset + maxResults < versions.length
      ? Buffer.from(`v1:${offset + maxResults}:${secret.arn}:${includeDeprecated}`).toString('base64url')
      : undefined;
  return { Versions: page.map(versionEntry), ...(next !== undefined ? { NextToken: next } : {}), ARN: secret.arn, Name: secret.name };
};

export const readOperations: Record<string, Operation> = {
  GetSecretValue: getSecretValue,
  BatchGetSecretValue: batchGetSecretValue,
  ListSecrets: listSecrets,
  DescribeSecret: describeSecret,
  ListSecretVersionIds: listSecretVersionIds,
};
