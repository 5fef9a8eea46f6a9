/** Domain types shared by main and renderer. None of these carry a secret value. */

export const PROVIDER_KINDS = ['vault', 'aws', 'azure'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  vault: 'HashiCorp Vault',
  aws: 'AWS Secrets Manager',
  azure: 'Azure Key Vault',
};

/** Metadata of one secret as a list row: never a value. */
export interface SecretSummary {
  /** The provider-native name within the environment (Vault: path below the mount). */
  name: string;
  createdAt?: string;
  updatedAt?: string;
  currentVersion?: string;
  versionCount?: number;
  tags?: Record<string, string>;
  expiresAt?: string;
  notBefore?: string;
  enabled?: boolean;
  contentType?: string;
  description?: string;
  /** Soft-deleted (AWS scheduled deletion, Azure deleted state, Vault latest version deleted). */
  deleted?: boolean;
  /** False when the provider's listing gives names only (Vault LIST): metadata is fetched lazily. */
  metadataComplete: boolean;
  /** The provider's own rotation schedule where its listing carries one (AWS ListSecrets). */
  rotation?: RotationInfo;
}

export interface VersionInfo {
  id: string;
  createdAt?: string;
  /** AWS staging labels (AWSCURRENT, AWSPREVIOUS, AWSPENDING, custom). */
  stages?: string[];
  enabled?: boolean;
  expiresAt?: string;
  notBefore?: string;
  deleted?: boolean;
  deletedAt?: string;
  destroyed?: boolean;
  current: boolean;
}

/** The four steps of an AWS rotation function, in the order Secrets Manager invokes them. */
export const AWS_ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type AwsRotationStep = (typeof AWS_ROTATION_STEPS)[number];

export interface RotationInfo {
  enabled: boolean;
  rulesDays?: number;
  schedule?: string;
  lastRotatedAt?: string;
  nextRotationAt?: string;
  lambdaArn?: string;
}

export interface SecretMetadata extends SecretSummary {
  /** The provider-side identifier (Vault: mount/data/path, AWS: ARN, Azure: secret id). */
  providerId: string;
  /** Vault custom_metadata, AWS tags and Azure tags all land in `tags`. */
  maxVersions?: number;
  casRequired?: boolean;
  deleteVersionAfter?: string;
  deletionDate?: string;
  recoverableDays?: number;
  rotation?: RotationInfo;
  /** Versions the metadata call already returned (Vault returns them all; AWS the stage map). */
  versions?: VersionInfo[];
}

export interface Capabilities {
  /** AWS staging labels. */
  stages: boolean;
  softDelete: boolean;
  /** Restore a soft-deleted secret or version. */
  restore: boolean;
  /** Permanently destroy (Vault destroy, AWS force delete, Azure purge). */
  destroy: boolean;
  /** Vault max_versions and cas_required. */
  maxVersions: boolean;
  /** Azure enabled / expiry / not-before. */
  attributes: boolean;
  /** fields: Vault (always a map); json-or-string: AWS; string: Azure. */
  valueShape: 'fields' | 'json-or-string' | 'string';
  /** Largest batch a batched read accepts (AWS BatchGetSecretValue: 20), 1 when unbatched. */
  batchRead: number;
  /** Honest concurrency control (ARCHITECTURE: Providers). */
  concurrency: 'check-and-set' | 'stage-label' | 'verify-after';
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, absent on the last. */
  next?: string;
}
