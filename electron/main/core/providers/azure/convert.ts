import type { DeletedSecret, SecretProperties } from '@azure/keyvault-secrets';
import type { SecretMetadata, SecretSummary, VersionInfo } from '../../../../../shared/domain';

/** SDK shapes to domain shapes: names, dates as ISO strings, attributes; never a value. */
const iso = (date: Date | undefined): string | undefined => (date !== undefined && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined);

function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

export function summaryOf(properties: SecretProperties): SecretSummary {
  return defined({
    name: properties.name,
    createdAt: iso(properties.createdOn),
    updatedAt: iso(properties.updatedOn),
    tags: properties.tags,
    expiresAt: iso(properties.expiresOn),
    notBefore: iso(properties.notBefore),
    enabled: properties.enabled,
    contentType: properties.contentType,
    metadataComplete: true,
  });
}

export function deletedSummaryOf(secret: DeletedSecret): SecretSummary {
  return { ...summaryOf(secret.properties), deleted: true };
}

export function versionInfoOf(properties: SecretProperties, currentVersion: string | undefined): VersionInfo {
  return defined({
    id: properties.version ?? '',
    createdAt: iso(properties.createdOn),
    enabled: properties.enabled,
    expiresAt: iso(properties.expiresOn),
    notBefore: iso(properties.notBefore),
    current: properties.version !== undefined && properties.version === currentVersion,
  });
}

/** Newest first; Key Vault lists versions in no documented order. */
export function newestFirst(versions: SecretProperties[]): SecretProperties[] {
  return [...versions].sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
}

/** `current.known` false: the latest version could not be told apart, so none is claimed current. */
export function liveMetadataOf(
  baseId: string,
  versions: SecretProperties[],
  current: { known: boolean; properties: SecretProperties },
): SecretMetadata {
  const created = versions.map((v) => v.createdOn?.getTime()).filter((t): t is number => t !== undefined);
  const currentVersion = current.known ? current.properties.version : undefined;
  return defined({
    ...summaryOf(current.properties),
    createdAt: created.length > 0 ? new Date(Math.min(...created)).toISOString() : undefined,
    providerId: baseId,
    currentVersion,
    versionCount: versions.length,
    recoverableDays: current.properties.recoverableDays,
    versions: newestFirst(versions).map((v) => versionInfoOf(v, currentVersion)),
  });
}

export function deletedMetadataOf(secret: DeletedSecret): SecretMetadata {
  return defined({
    ...deletedSummaryOf(secret),
    providerId: secret.recoveryId ?? secret.properties.id ?? secret.name,
    currentVersion: secret.properties.version,
    deletionDate: iso(secret.scheduledPurgeDate),
    recoverableDays: secret.properties.recoverableDays,
  });
}
