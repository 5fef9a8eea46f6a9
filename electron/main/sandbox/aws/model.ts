/** The sandbox's stored form of Secrets Manager state (also the snapshot's shape). Times are epoch ms. */
export interface StoredVersion {
  id: string;
  createdAt: number;
  /**
   * At most one of string / binary (base64) is set; neither on the placeholder RotateSecret labels
   * AWSPENDING before the rotation function's createSecret step puts a value there.
   */
  string?: string;
  binary?: string;
  stages: string[];
  lastAccessedAt?: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface RotationRules {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
}

export interface StoredRotation {
  enabled: boolean;
  lambdaArn?: string;
  rules?: RotationRules;
  lastRotatedAt?: number;
  nextRotationAt?: number;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  createdAt: number;
  lastChangedAt: number;
  lastAccessedAt?: number;
  /** When DeleteSecret was called; present while the secret is scheduled for deletion. */
  deletedAt?: number;
  /** When the scheduled deletion takes effect. */
  deletionDate?: number;
  rotation?: StoredRotation;
  /** In creation order. */
  versions: StoredVersion[];
}

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

/** Secrets Manager removes deprecated (unlabelled) versions beyond about 100 versions per secret. */
export const MAX_VERSIONS = 100;
/** The documented size limit of a secret value (SecretString or SecretBinary). */
export const MAX_VALUE_BYTES = 65_536;
export const MAX_TAGS = 50;
