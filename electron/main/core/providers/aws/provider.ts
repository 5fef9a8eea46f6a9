import { randomUUID } from 'node:crypto';
import type { Filter } from '@aws-sdk/client-secrets-manager';
import type { AwsConnectionConfig, AwsScope, ConnectionSecrets } from '../../../../../shared/connections';
import type { Capabilities, Page, SecretMetadata, SecretSummary, VersionInfo } from '../../../../../shared/domain';
import { isKeyholeError, KeyholeError } from '../../../../../shared/errors';
import type { ProviderDeps } from '../deps';
import type {
  CallOptions,
  CreateInput,
  DeleteInput,
  PendingStage,
  Identity,
  MetadataPatch,
  NativeRotation,
  Provider,
  ReadManyItem,
  ReadResult,
  RollbackInput,
  WriteInput,
  WriteResult,
} from '../provider';
import { createClients, type AwsClients } from './clients';
import { mapAwsError } from './map-error';
import { awsName, looksLikeArnSuffix, relativeName } from './names';
import { nativeRotation } from './native';
import { moveCurrent, writeStaged, type StageContext } from './stage-write';
import { toMetadata, toSummary, toVersion } from './to-domain';
import { decodeValue, encodeValue } from './value-codec';

const CAPABILITIES: Capabilities = {
  stages: true,
  softDelete: true,
  restore: true,
  destroy: true,
  maxVersions: false,
  attributes: false,
  valueShape: 'json-or-string',
  batchRead: 20,
  concurrency: 'stage-label',
};

const AWSPENDING = 'AWSPENDING';
const LIST_PAGE = 100;
const VERSIONS_PAGE = 100;
const BATCH = 20;
/** BatchGetSecretValue's documented quota per account and region; AWS throttles past it without Retry-After. */
const BATCH_GET_PER_SECOND = 100;
const DEFAULT_RECOVERY_DAYS = 30;
/** ListSecrets filter values must match this; other prefixes and tags are matched locally only. */
const FILTER_VALUE = /^[a-zA-Z0-9 :_@/+=.-]{1,512}$/;
const UNSUPPORTED_PATCH: Array<keyof MetadataPatch> = ['contentType', 'expiresAt', 'notBefore', 'enabled', 'maxVersions', 'casRequired'];

/** Secrets Manager through @aws-sdk/client-secrets-manager (ARCHITECTURE: Providers). */
export class AwsProvider implements Provider {
  readonly kind = 'aws' as const;
  /** Secrets Manager's own rotation (RotateSecret, the labels it moves, the rotation function's log). */
  readonly native: NativeRotation;
  private readonly clients: AwsClients;

  constructor(
    config: AwsConnectionConfig,
    secrets: ConnectionSecrets,
    private readonly scope: AwsScope,
    private readonly deps: ProviderDeps,
  ) {
    this.clients = createClients(config, secrets, scope, deps);
    this.native = nativeRotation({
      secrets: this.clients.secrets,
      logs: this.clients.logs,
      scope,
      onSecret: (name, id, signal, task) => this.onSecret(name, id, signal, task),
      raw: async (signal, task) => {
        if (signal?.aborted) throw new KeyholeError('CANCELLED');
        return task(signal);
      },
      mapped: (error, name, id, signal) => this.refineDeleted(mapAwsError(error, name, signal, deps.clock.now()), name, id),
      now: () => deps.clock.now(),
    });
  }

  capabilities(): Capabilities {
    return { ...CAPABILITIES };
  }

  async identity(options: CallOptions = {}): Promise<Identity> {
    const out = await this.run(undefined, options.signal, (abortSignal) => this.clients.sts.getCallerIdentity({}, { abortSignal }));
    const expiration = this.clients.credentials.current()?.expiration;
    return { principal: out.Arn ?? out.UserId ?? 'unknown', ...(expiration !== undefined ? { expiresAt: expiration.toISOString() } : {}) };
  }

  async *list(options: CallOptions = {}): AsyncIterable<Page<SecretSummary>> {
    const tag = this.scope.tag;
    const filters: Filter[] = [];
    if (FILTER_VALUE.test(this.scope.prefix)) filters.push({ Key: 'name', Values: [this.scope.prefix] });
    if (tag && FILTER_VALUE.test(tag.key)) filters.push({ Key: 'tag-key', Values: [tag.key] });
    if (tag && FILTER_VALUE.test(tag.value)) filters.push({ Key: 'tag-value', Values: [tag.value] });
    let token: string | undefined;
    do {
      const out = await this.run(undefined, options.signal, (abortSignal) =>
        this.clients.secrets.listSecrets(
          {
            MaxResults: LIST_PAGE,
            IncludePlannedDeletion: true,
            ...(filters.length > 0 ? { Filters: filters } : {}),
            ...(token !== undefined ? { NextToken: token } : {}),
          },
          { abortSignal },
        ),
      );
      // Filters match words and prefixes of tags: the scope is checked exactly here.
      const items: SecretSummary[] = [];
      for (const entry of out.SecretList ?? []) {
        const name = entry.Name !== undefined ? relativeName(this.scope, entry.Name) : undefined;
        if (name === undefined) continue;
        if (tag && !(entry.Tags ?? []).some((t) => t.Key === tag.key && (t.Value ?? '') === tag.value)) continue;
        items.push(toSummary(entry, name));
      }
      token = out.NextToken;
      // The service may answer a page with no entries and a NextToken: keep going, yield nothing.
      if (items.length > 0 || token === undefined) yield { items, ...(token !== undefined ? { next: token } : {}) };
    } while (token !== undefined);
  }

  async metadata(name: string, options: CallOptions = {}): Promise<SecretMetadata> {
    const id = awsName(this.scope, name);
    const out = await this.run(name, options.signal, (abortSignal) => this.clients.secrets.describeSecret({ SecretId: id }, { abortSignal }));
    return toMetadata(out, name);
  }

  async read(name: string, version?: string, options: CallOptions = {}): Promise<ReadResult> {
    const id = awsName(this.scope, name);
    const out = await this.onSecret(name, id, options.signal, (abortSignal) =>
      this.clients.secrets.getSecretValue({ SecretId: id, ...(version !== undefined ? { VersionId: version } : {}) }, { abortSignal }),
    );
    if (out.VersionId === undefined) throw new KeyholeError('INTERNAL', { path: name, detail: 'no-version-id' });
    const requestId = out.$metadata.requestId;
    return { value: decodeValue(out), version: out.VersionId, ...(requestId !== undefined ? { requestId } : {}) };
  }

  async readMany(names: string[], options: CallOptions = {}): Promise<ReadManyItem[]> {
    const results = new Map<string, ReadManyItem>();
    const valid: Array<{ name: string; id: string }> = [];
    for (const name of names) {
      try {
        valid.push({ name, id: awsName(this.scope, name) });
      } catch (error) {
        results.set(name, { name, error: mapAwsError(error, name) });
      }
    }
    for (let i = 0; i < valid.length; i += BATCH) {
      const chunk = valid.slice(i, i + BATCH);
      const byId = new Map(chunk.map((c) => [c.id, c.name]));
      let token: string | undefined;
      do {
        await this.deps.pacers?.get('BatchGetSecretValue', BATCH_GET_PER_SECOND).take(options.signal);
        const out = await this.run(undefined, options.signal, (abortSignal) =>
          this.clients.secrets.batchGetSecretValue(
            { SecretIdList: chunk.map((c) => c.id), ...(token !== undefined ? { NextToken: token } : {}) },
            { abortSignal },
          ),
        );
        const requestId = out.$metadata.requestId;
        for (const entry of out.SecretValues ?? []) {
          const name = entry.Name !== undefined ? byId.get(entry.Name) : undefined;
          if (name === undefined || entry.VersionId === undefined) continue;
          results.set(name, {
            name,
            result: { value: decodeValue(entry), version: entry.VersionId, ...(requestId !== undefined ? { requestId } : {}) },
          });
        }
        for (const failure of out.Errors ?? []) {
          const name = failure.SecretId !== undefined ? byId.get(failure.SecretId) : undefined;
          if (name === undefined) continue;
          const mapped = mapAwsError({ name: failure.ErrorCode, $metadata: { requestId } }, name);
          results.set(name, { name, error: await this.refineDeleted(mapped, name, failure.SecretId as string) });
        }
        token = out.NextToken;
      } while (token !== undefined);
    }
    return names.map((name) => results.get(name) ?? { name, error: new KeyholeError('NOT_FOUND', { path: name }) });
  }

  async versions(name: string, cursor?: string, options: CallOptions & { includeDeprecated?: boolean } = {}): Promise<Page<VersionInfo>> {
    const id = awsName(this.scope, name);
    const out = await this.run(name, options.signal, (abortSignal) =>
      this.clients.secrets.listSecretVersionIds(
        {
          SecretId: id,
          MaxResults: VERSIONS_PAGE,
          IncludeDeprecated: options.includeDeprecated ?? false,
          ...(cursor !== undefined ? { NextToken: cursor } : {}),
        },
        { abortSignal },
      ),
    );
    const items = (out.Versions ?? []).map(toVersion).filter((v): v is VersionInfo => v !== undefined);
    return { items, ...(out.NextToken !== undefined ? { next: out.NextToken } : {}) };
  }

  async create(name: string, input: CreateInput, options: CallOptions = {}): Promise<WriteResult> {
    const id = awsName(this.scope, name);
    const patch = input.metadata ?? {};
    this.rejectUnsupported(patch, name);
    const wire = encodeValue(input.value, name);
    if (looksLikeArnSuffix(id)) this.deps.logger.log('warn', 'aws.name_like_arn_suffix', { provider: 'aws' });
    const out = await this.onSecret(name, id, options.signal, (abortSignal) =>
      this.clients.secrets.createSecret(
        {
          Name: id,
          ClientRequestToken: randomUUID(),
          ...wire,
          ...(patch.description !== undefined ? { Description: patch.description } : {}),
          ...(patch.tags !== undefined ? { Tags: Object.entries(patch.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
        },
        { abortSignal },
      ),
    );
    const requestId = out.$metadata.requestId;
    return { version: out.VersionId ?? '', ...(requestId !== undefined ? { requestId } : {}) };
  }

  async write(name: string, input: WriteInput, options: CallOptions = {}): Promise<WriteResult> {
    const id = awsName(this.scope, name);
    const wire = encodeValue(input.value, name);
    try {
      return await writeStaged(this.stageContext(name, options.signal), id, name, wire, input.expectedVersion);
    } catch (error) {
      throw await this.refineDeleted(mapAwsError(error, name, options.signal), name, id);
    }
  }

  /** AWSPENDING, as Secrets Manager's own rotation uses it (rotation's stage step). */
  readonly pending: PendingStage = {
    put: async (name, value, token, options = {}) => {
      const id = awsName(this.scope, name);
      const wire = encodeValue(value, name);
      const out = await this.onSecret(name, id, options.signal, (abortSignal) =>
        this.clients.secrets.putSecretValue({ SecretId: id, ClientRequestToken: token, ...wire, VersionStages: [AWSPENDING] }, { abortSignal }),
      );
      const requestId = out.$metadata.requestId;
      return { version: out.VersionId ?? token, ...(requestId !== undefined ? { requestId } : {}) };
    },
    promote: async (name, version, expectedVersion, options = {}) => {
      const id = awsName(this.scope, name);
      try {
        const requestId = await moveCurrent(this.stageContext(name, options.signal), id, name, version, expectedVersion);
        await this.pending.drop(name, version, options);
        return { version, ...(requestId !== undefined ? { requestId } : {}) };
      } catch (error) {
        throw await this.refineDeleted(mapAwsError(error, name, options.signal), name, id);
      }
    },
    drop: async (name, version, options = {}) => {
      const id = awsName(this.scope, name);
      await this.onSecret(name, id, options.signal, (abortSignal) =>
        this.clients.secrets.updateSecretVersionStage({ SecretId: id, VersionStage: AWSPENDING, RemoveFromVersionId: version }, { abortSignal }),
      );
    },
  };

  async rollback(name: string, input: RollbackInput, options: CallOptions = {}): Promise<WriteResult> {
    const id = awsName(this.scope, name);
    try {
      const requestId = await moveCurrent(this.stageContext(name, options.signal), id, name, input.toVersion, input.expectedVersion);
      return { version: input.toVersion, ...(requestId !== undefined ? { requestId } : {}) };
    } catch (error) {
      throw await this.refineDeleted(mapAwsError(error, name, options.signal), name, id);
    }
  }

  async updateMetadata(name: string, patch: MetadataPatch, options: CallOptions = {}): Promise<void> {
    const id = awsName(this.scope, name);
    this.rejectUnsupported(patch, name);
    const { signal } = options;
    if (patch.description !== undefined) {
      const description = patch.description;
      await this.onSecret(name, id, signal, (abortSignal) =>
        this.clients.secrets.updateSecret({ SecretId: id, Description: description }, { abortSignal }),
      );
    }
    if (patch.tags === undefined) return;
    const wanted = patch.tags;
    const described = await this.run(name, signal, (abortSignal) => this.clients.secrets.describeSecret({ SecretId: id }, { abortSignal }));
    const existing = new Map((described.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    const toSet = Object.entries(wanted).filter(([k, v]) => existing.get(k) !== v);
    const toRemove = [...existing.keys()].filter((k) => !Object.hasOwn(wanted, k));
    if (toSet.length > 0) {
      await this.onSecret(name, id, signal, (abortSignal) =>
        this.clients.secrets.tagResource({ SecretId: id, Tags: toSet.map(([Key, Value]) => ({ Key, Value })) }, { abortSignal }),
      );
    }
    if (toRemove.length > 0) {
      await this.onSecret(name, id, signal, (abortSignal) =>
        this.clients.secrets.untagResource({ SecretId: id, TagKeys: toRemove }, { abortSignal }),
      );
    }
  }

  async delete(name: string, input: DeleteInput = {}, options: CallOptions = {}): Promise<void> {
    const id = awsName(this.scope, name);
    if (input.versions !== undefined && input.versions.length > 0) throw new KeyholeError('UNSUPPORTED', { path: name });
    const days = input.recoveryDays ?? DEFAULT_RECOVERY_DAYS;
    if (!Number.isInteger(days) || days < 7 || days > 30) throw new KeyholeError('INVALID_INPUT', { path: name, detail: 'recoveryDays' });
    await this.onSecret(name, id, options.signal, (abortSignal) =>
      this.clients.secrets.deleteSecret({ SecretId: id, RecoveryWindowInDays: days }, { abortSignal }),
    );
  }

  async restore(name: string, versions?: string[], options: CallOptions = {}): Promise<void> {
    const id = awsName(this.scope, name);
    if (versions !== undefined && versions.length > 0) throw new KeyholeError('UNSUPPORTED', { path: name });
    await this.run(name, options.signal, (abortSignal) => this.clients.secrets.restoreSecret({ SecretId: id }, { abortSignal }));
  }

  async destroy(name: string, versions?: string[], options: CallOptions = {}): Promise<void> {
    const id = awsName(this.scope, name);
    if (versions !== undefined && versions.length > 0) throw new KeyholeError('UNSUPPORTED', { path: name });
    await this.run(name, options.signal, (abortSignal) =>
      this.clients.secrets.deleteSecret({ SecretId: id, ForceDeleteWithoutRecovery: true }, { abortSignal }),
    );
  }

  async close(): Promise<void> {
    this.clients.close();
  }

  /** Runs one SDK call with the caller's signal; every failure leaves as a KeyholeError. */
  private async run<T>(
    path: string | undefined,
    signal: AbortSignal | undefined,
    task: (abortSignal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) throw new KeyholeError('CANCELLED', path !== undefined ? { path } : {});
    try {
      return await task(signal);
    } catch (error) {
      throw mapAwsError(error, path, signal, this.deps.clock.now());
    }
  }

  /** As run, for calls on one secret: a refusal because the secret is scheduled for deletion becomes DELETED. */
  private async onSecret<T>(
    name: string,
    id: string,
    signal: AbortSignal | undefined,
    task: (abortSignal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.run(name, signal, task);
    } catch (error) {
      throw await this.refineDeleted(error as KeyholeError, name, id);
    }
  }

  /**
   * Secrets Manager answers calls on a secret scheduled for deletion (and CreateSecret on its
   * name) with InvalidRequestException; whether that was the reason is checked, not guessed
   * from the message.
   */
  private async refineDeleted(error: KeyholeError, name: string, id: string): Promise<KeyholeError> {
    if (!isKeyholeError(error) || error.detail !== 'InvalidRequestException') return error;
    try {
      const out = await this.clients.secrets.describeSecret({ SecretId: id });
      if (out.DeletedDate === undefined) return error;
    } catch {
      return error;
    }
    return new KeyholeError('DELETED', {
      path: name,
      detail: 'InvalidRequestException',
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    });
  }

  private stageContext(name: string, signal: AbortSignal | undefined): StageContext {
    return {
      sm: this.clients.secrets,
      guard: (task) => this.run(name, signal, task),
      guardDetached: (task) => this.run(name, undefined, task),
      logger: this.deps.logger,
    };
  }

  private rejectUnsupported(patch: MetadataPatch, name: string): void {
    if (UNSUPPORTED_PATCH.some((key) => patch[key] !== undefined)) throw new KeyholeError('UNSUPPORTED', { path: name });
  }
}

export function createAwsProvider(config: AwsConnectionConfig, secrets: ConnectionSecrets, scope: AwsScope, deps: ProviderDeps): Provider {
  return new AwsProvider(config, secrets, scope, deps);
}
