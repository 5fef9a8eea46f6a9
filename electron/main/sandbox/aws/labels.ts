import { AWSCURRENT, AWSPREVIOUS, MAX_VERSIONS, type StoredSecret, type StoredVersion } from './model';

/**
 * Staging label rules: a label is on at most one version; moving AWSCURRENT hands AWSPREVIOUS to
 * the version it left (taking it from whichever version had it), and a version left without
 * labels is deprecated, kept until the secret has more than about 100 versions.
 */
export function holderOf(secret: StoredSecret, label: string): StoredVersion | undefined {
  return secret.versions.find((v) => v.stages.includes(label));
}

export function currentVersion(secret: StoredSecret): StoredVersion | undefined {
  return holderOf(secret, AWSCURRENT);
}

export function removeLabel(version: StoredVersion, label: string): void {
  version.stages = version.stages.filter((s) => s !== label);
}

export function attachLabel(secret: StoredSecret, target: StoredVersion, label: string): void {
  const holder = holderOf(secret, label);
  if (holder === target) return;
  if (holder) removeLabel(holder, label);
  target.stages.push(label);
  if (label === AWSCURRENT && holder) {
    const previous = holderOf(secret, AWSPREVIOUS);
    if (previous) removeLabel(previous, AWSPREVIOUS);
    holder.stages.push(AWSPREVIOUS);
  }
}

export function pruneDeprecated(secret: StoredSecret): void {
  let excess = secret.versions.length - MAX_VERSIONS;
  if (excess <= 0) return;
  secret.versions = secret.versions.filter((v) => {
    if (excess > 0 && v.stages.length === 0) {
      excess -= 1;
      return false;
    }
    return true;
  });
}

/** The labelled versions, as SecretVersionsToStages / VersionIdsToStages. */
export function versionsToStages(secret: StoredSecret): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of secret.versions) if (v.stages.length > 0) out[v.id] = [...v.stages];
  return out;
}
