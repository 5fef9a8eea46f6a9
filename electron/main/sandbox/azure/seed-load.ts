import type { SeedEnvironment, SeedSecret, SeedValue } from '../seed/model';
import { RECOVERABLE_DAYS, type StoredSecret, type StoredVersion, type VaultSnapshot } from './model';
import { toAzureName } from './names';
import { SECRET_NAME } from './vault-store';

const DAY_S = 86_400;
/** How long before the seed's instant the soft-deleted secret was deleted. */
const DELETED_DAYS_AGO = 3;

function rawValue(value: SeedValue): string {
  return value.kind === 'fields' ? JSON.stringify(value.fields) : value.value;
}

function toSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function loadSecret(seed: SeedSecret, nowSeconds: number, newVersionId: () => string): StoredSecret | undefined {
  const name = toAzureName(seed.name);
  if (!SECRET_NAME.test(name) || seed.versions.length === 0) return undefined;
  const last = seed.versions.length - 1;
  const versions = seed.versions.map((v, index): StoredVersion => {
    const created = toSeconds(v.createdAt);
    const contentType = seed.contentType ?? (v.value.kind === 'fields' ? 'application/json' : undefined);
    return {
      id: newVersionId(),
      value: rawValue(v.value),
      // Tags belong to each version in Key Vault; the seed's tags were on every version written.
      tags: { ...seed.tags },
      ...(contentType !== undefined ? { contentType } : {}),
      // Expiry and the disabled flag are attributes of the current version.
      enabled: index === last ? seed.enabled !== false : true,
      ...(index === last && seed.expiresAt !== undefined ? { exp: toSeconds(seed.expiresAt) } : {}),
      created,
      updated: created,
    };
  });
  const secret: StoredSecret = { name, versions };
  if (seed.softDeleted) {
    const deletedDate = nowSeconds - DELETED_DAYS_AGO * DAY_S;
    secret.deletion = { deletedDate, scheduledPurgeDate: deletedDate + RECOVERABLE_DAYS * DAY_S, settlesAt: 0 };
  }
  return secret;
}

/**
 * One seed environment as a vault: common names mapped with "--", fields as JSON strings.
 * The soft-deleted secret is dated from `loadedAt` (ms), not from the seed's instant, so a seed
 * generated long ago still loads it inside the retention period instead of already purged.
 */
export function vaultFromSeed(environment: SeedEnvironment, loadedAt: number, newVersionId: () => string): VaultSnapshot {
  const nowSeconds = Math.floor(loadedAt / 1000);
  const seen = new Set<string>();
  const secrets: StoredSecret[] = [];
  for (const seed of environment.secrets) {
    const secret = loadSecret(seed, nowSeconds, newVersionId);
    if (!secret || seen.has(secret.name.toLowerCase())) continue;
    seen.add(secret.name.toLowerCase());
    secrets.push(secret);
  }
  return { secrets };
}
