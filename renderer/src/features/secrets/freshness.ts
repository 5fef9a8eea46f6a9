import type { SecretMetadata, SecretSummary } from '../../../../shared/domain';
import { shortTime } from '../../ui/format';

/** "just now", "4 min ago", "2 h ago", "3 d ago": how old a listing is. */
export function ago(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * What changed between a secret as it was listed and its metadata read now: the current version
 * and the last change, each compared only where both sides know it (a names-only Vault row
 * knows neither until its metadata was filled in). Empty when nothing is known to differ.
 */
export function changesSinceListed(listed: SecretSummary, now: SecretMetadata): string[] {
  const changes: string[] = [];
  if (listed.currentVersion !== undefined && now.currentVersion !== undefined && listed.currentVersion !== now.currentVersion) {
    changes.push(`current version ${short(listed.currentVersion)} → ${short(now.currentVersion)}`);
  }
  if (listed.updatedAt !== undefined && now.updatedAt !== undefined && Date.parse(listed.updatedAt) !== Date.parse(now.updatedAt)) {
    changes.push(`last change ${shortTime(listed.updatedAt)} → ${shortTime(now.updatedAt)}`);
  }
  if (listed.versionCount !== undefined && now.versionCount !== undefined && listed.versionCount !== now.versionCount && changes.length === 0) {
    changes.push(`${listed.versionCount} → ${now.versionCount} versions`);
  }
  if (listed.deleted !== undefined && now.deleted !== undefined && listed.deleted !== now.deleted) {
    changes.push(now.deleted ? 'deleted since' : 'restored since');
  }
  return changes;
}

/** Long provider version ids (AWS, Azure) shortened for a sentence. */
function short(version: string): string {
  return version.length > 14 ? `${version.slice(0, 8)}…` : version;
}

/** Whether an expiry falls within the next `days` days (or has passed). */
export function expiresWithin(iso: string, days: number, now = Date.now()): boolean {
  const at = Date.parse(iso);
  return !Number.isNaN(at) && at - now < days * 86_400_000;
}
