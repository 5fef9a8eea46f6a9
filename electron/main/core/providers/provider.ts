import type {
  AwsRotationStep,
  Capabilities,
  Page,
  ProviderKind,
  RotationInfo,
  SecretMetadata,
  SecretSummary,
  VersionInfo,
} from '../../../../shared/domain';
import type { KeyholeError } from '../../../../shared/errors';
import type { SecretValue } from './value';

/**
 * One interface over Vault KV v2, AWS Secrets Manager and Azure Key Vault (ARCHITECTURE: Providers).
 * An instance is bound to one connection (identity at an endpoint) and one environment (scope):
 * names passed in and out are native names relative to that scope.
 *
 * Adapters use the official SDKs unchanged and map every SDK error to a KeyholeError at their
 * boundary (see ./map-error.ts): nothing SDK-shaped, and nothing that could carry a header or a
 * value, leaves an adapter. Every method takes an AbortSignal and stops when it fires.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ReadResult {
  value: SecretValue;
  /** The version that was read (Vault version number, AWS VersionId, Azure version id). */
  version: string;
  requestId?: string;
  /** Tags the read itself carried (Vault KV v2's custom_metadata), so a caller need not also ask for the metadata. */
  tags?: Record<string, string>;
}

export interface ReadManyItem {
  name: string;
  result?: ReadResult;
  error?: KeyholeError;
}

export interface WriteResult {
  version: string;
  requestId?: string;
  /** Azure only: a change by someone else was detected around our write (verify-after). */
  concurrentChangeDetected?: boolean;
}

export interface Identity {
  /** Provider-side principal: Vault entity/display name, AWS caller ARN, Azure oid/appid. */
  principal: string;
  /** When the credential expires, where known (Vault token TTL, STS session). */
  expiresAt?: string;
}

/** Metadata that can be written without touching the value. Absent keys are left as they are. */
export interface MetadataPatch {
  tags?: Record<string, string>;
  description?: string;
  contentType?: string;
  expiresAt?: string | null;
  notBefore?: string | null;
  enabled?: boolean;
  maxVersions?: number;
  casRequired?: boolean;
}

export interface CreateInput {
  value: SecretValue;
  metadata?: MetadataPatch;
}

export interface WriteInput {
  value: SecretValue;
  /** The version the operator's edit was based on: the write fails with CONFLICT if it moved. */
  expectedVersion: string;
}

export interface DeleteInput {
  /** Vault: specific versions to soft-delete (default: latest). */
  versions?: string[];
  /** AWS: recovery window in days (7 to 30). */
  recoveryDays?: number;
}

export interface RollbackInput {
  toVersion: string;
  expectedVersion: string;
}

/**
 * A provider's own pending stage (AWS: the AWSPENDING label), used by rotation to stage a value
 * the provider holds but does not serve as current.
 */
export interface PendingStage {
  /** Stores the value as a new version labelled pending only; `token` makes it idempotent and is the version id. */
  put(name: string, value: SecretValue, token: string, options?: CallOptions): Promise<WriteResult>;
  /** Moves current from `expectedVersion` to the pending version (CONFLICT if it moved), then drops the pending label. */
  promote(name: string, version: string, expectedVersion: string, options?: CallOptions): Promise<WriteResult>;
  /** Removes the pending label from the version (which becomes deprecated). */
  drop(name: string, version: string, options?: CallOptions): Promise<void>;
}

/** Where a provider-run rotation stands: its configuration and the labels it moves. */
export interface NativeRotationState {
  config: RotationInfo;
  /** The version labelled current. */
  currentVersion?: string;
  /** Where the pending label is; absent when no version carries it. */
  pending?: { version: string; onCurrent: boolean; hasValue: boolean };
  /** Every labelled version with its labels (AWS VersionIdsToStages). */
  stages: Record<string, string[]>;
}

/**
 * One line of the rotation function's log, reduced to what Keyhole may keep: which step it
 * names and whether it is an error. The text itself is never kept or shown: a careless function
 * can log a value.
 */
export interface NativeLogEvent {
  at: number;
  step?: AwsRotationStep;
  level: 'info' | 'error';
  /** The step said it succeeded ("<step>: Successfully ..." in AWS's templates). */
  succeeded: boolean;
  /** An exception class name the runtime logged (ValueError, ClientError), when it is only that. */
  errorType?: string;
}

/** A provider's own rotation (AWS: RotateSecret and a Lambda rotation function). */
export interface NativeRotation {
  state(name: string, options?: CallOptions): Promise<NativeRotationState>;
  /** RotateSecret with `token` as ClientRequestToken; ROTATION_PENDING_LABEL while a previous rotation is unfinished. */
  rotate(name: string, input: { token: string; immediately: boolean }, options?: CallOptions): Promise<{ version: string }>;
  /** CancelRotateSecret: turns automatic rotation off and stops a rotation in progress. */
  cancel(name: string, options?: CallOptions): Promise<void>;
  /**
   * The function's log since `sinceMs` (CloudWatch Logs, /aws/lambda/<function>); null when it cannot be read.
   * With `secret`, invocations that name another secret (and not this one) are left out.
   */
  log(lambdaArn: string, sinceMs: number, options?: CallOptions & { secret?: string }): Promise<NativeLogEvent[] | null>;
}

export interface Provider {
  readonly kind: ProviderKind;
  /** Only where the provider has a pending stage of its own (AWS). */
  readonly pending?: PendingStage;
  /** Only where the provider runs rotations itself (AWS). */
  readonly native?: NativeRotation;
  capabilities(): Capabilities;
  /** Who the provider says we are; the connection check. */
  identity(options?: CallOptions): Promise<Identity>;
  /** Streams pages of names and metadata, never values. */
  list(options?: CallOptions): AsyncIterable<Page<SecretSummary>>;
  metadata(name: string, options?: CallOptions): Promise<SecretMetadata>;
  read(name: string, version?: string, options?: CallOptions): Promise<ReadResult>;
  /** Batched read where the provider has one (AWS BatchGetSecretValue); per-item errors. */
  readMany(names: string[], options?: CallOptions): Promise<ReadManyItem[]>;
  versions(name: string, cursor?: string, options?: CallOptions & { includeDeprecated?: boolean }): Promise<Page<VersionInfo>>;
  create(name: string, input: CreateInput, options?: CallOptions): Promise<WriteResult>;
  write(name: string, input: WriteInput, options?: CallOptions): Promise<WriteResult>;
  updateMetadata(name: string, patch: MetadataPatch, options?: CallOptions): Promise<void>;
  delete(name: string, input?: DeleteInput, options?: CallOptions): Promise<void>;
  restore(name: string, versions?: string[], options?: CallOptions): Promise<void>;
  destroy(name: string, versions?: string[], options?: CallOptions): Promise<void>;
  rollback(name: string, input: RollbackInput, options?: CallOptions): Promise<WriteResult>;
  /** Releases sockets and timers (token renewal). */
  close(): Promise<void>;
}
