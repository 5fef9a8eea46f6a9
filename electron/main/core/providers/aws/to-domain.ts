import type { DescribeSecretResponse, SecretListEntry, SecretVersionsListEntry, Tag } from '@aws-sdk/client-secrets-manager';
import type { RotationInfo, SecretMetadata, SecretSummary, VersionInfo } from '../../../../../shared/domain';

/** Secrets Manager list entries and descriptions as Keyhole's domain types (never a value). */
export const AWSCURRENT = 'AWSCURRENT';

const iso = (date: Date | undefined) => (date !== undefined ? date.toISOString() : undefined);

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

function currentOf(stages: Record<string, string[]> | undefined): string | undefined {
  return Object.entries(stages ?? {}).find(([, labels]) => labels.includes(AWSCURRENT))?.[0];
}

function rotationOf(entry: SecretListEntry | DescribeSecretResponse): RotationInfo | undefined {
  if (entry.RotationEnabled === undefined && entry.RotationRules === undefined) return undefined;
  const rules = entry.RotationRules;
  const info: RotationInfo = { enabled: entry.RotationEnabled === true };
  if (rules?.AutomaticallyAfterDays !== undefined) info.rulesDays = rules.AutomaticallyAfterDays;
  if (rules?.ScheduleExpression !== undefined) info.schedule = rules.ScheduleExpression;
  const last = iso(entry.LastRotatedDate);
  const next = iso(entry.NextRotationDate);
  if (last !== undefined) info.lastRotatedAt = last;
  if (next !== undefined) info.nextRotationAt = next;
  if (entry.RotationLambdaARN !== undefined) info.lambdaArn = entry.RotationLambdaARN;
  return info;
}

function summaryFields(entry: SecretListEntry | DescribeSecretResponse, name: string, stages: Record<string, string[]> | undefined): SecretSummary {
  const summary: SecretSummary = {
    name,
    tags: tagMap(entry.Tags),
    versionCount: Object.keys(stages ?? {}).length,
    deleted: entry.DeletedDate !== undefined,
    metadataComplete: true,
  };
  const createdAt = iso(entry.CreatedDate);
  const updatedAt = iso(entry.LastChangedDate);
  const current = currentOf(stages);
  if (createdAt !== undefined) summary.createdAt = createdAt;
  if (updatedAt !== undefined) summary.updatedAt = updatedAt;
  if (current !== undefined) summary.currentVersion = current;
  if (entry.Description !== undefined) summary.description = entry.Description;
  return summary;
}

export function toSummary(entry: SecretListEntry, name: string): SecretSummary {
  const summary = summaryFields(entry, name, entry.SecretVersionsToStages);
  const rotation = rotationOf(entry);
  if (rotation) summary.rotation = rotation;
  return summary;
}

export function toMetadata(entry: DescribeSecretResponse, name: string): SecretMetadata {
  const stages = entry.VersionIdsToStages;
  const metadata: SecretMetadata = {
    ...summaryFields(entry, name, stages),
    providerId: entry.ARN ?? name,
    versions: Object.entries(stages ?? {}).map(([id, labels]) => ({ id, stages: [...labels], current: labels.includes(AWSCURRENT) })),
  };
  const rotation = rotationOf(entry);
  if (rotation) metadata.rotation = rotation;
  return metadata;
}

export function toVersion(entry: SecretVersionsListEntry): VersionInfo | undefined {
  if (entry.VersionId === undefined) return undefined;
  const stages = entry.VersionStages ?? [];
  const version: VersionInfo = { id: entry.VersionId, stages: [...stages], current: stages.includes(AWSCURRENT) };
  const createdAt = iso(entry.CreatedDate);
  if (createdAt !== undefined) version.createdAt = createdAt;
  return version;
}
