/**
 * The Key Vault sandbox's state: what one vault holds, as persisted in the snapshot.
 * Times are epoch seconds where the service shows them (attributes), milliseconds where they
 * only drive the sandbox's own asynchronous windows (deletion and recovery settling).
 */
export interface StoredVersion {
  /** 32 lowercase hex characters, as Key Vault issues them. */
  id: string;
  value: string;
  contentType?: string;
  /** Tags belong to a version in Key Vault: a new version does not inherit them. */
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface StoredDeletion {
  deletedDate: number;
  scheduledPurgeDate: number;
  /** Until this instant (ms) the deletion is still in progress: GET deletedsecrets answers 404. */
  settlesAt: number;
}

export interface StoredSecret {
  /** The name as first created; lookups are case-insensitive like the service's. */
  name: string;
  /** Oldest first; the last one is the latest ("current") version. */
  versions: StoredVersion[];
  deletion?: StoredDeletion;
  /** Until this instant (ms) a recovery is still in progress: GET secrets answers 404. */
  recoveringUntil?: number;
}

export interface VaultSnapshot {
  secrets: StoredSecret[];
}

export type SecretState = 'active' | 'deleting' | 'deleted' | 'recovering';

/** Key Vault keeps soft-deleted secrets for the vault's retention period (default 90 days). */
export const RECOVERABLE_DAYS = 90;
export const RECOVERY_LEVEL = 'Recoverable+Purgeable';
