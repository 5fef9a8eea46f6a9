import type { TokenCredential } from '@azure/identity';
import type { KeyVaultSecret, SecretClient, SecretProperties } from '@azure/keyvault-secrets';
import type { AzureConnectionConfig, AzureScope, ConnectionSecrets } from '../../../../../shared/connections';
import type { Capabilities, Page, SecretMetadata, SecretSummary, VersionInfo } from '../../../../../shared/domain';
import { KeyholeError } from '../../../../../shared/errors';
import { Limiter } from '../../jobs/limiter';
import type { ProviderDeps, ProviderFactory } from '../deps';
import type {
  CallOptions,
  CreateInput,
  DeleteInput,
  Identity,
  MetadataPatch,
  Provider,
  ReadManyItem,
  ReadResult,
  RollbackInput,
  WriteInput,
  WriteResult,
} from '../provider';
import { identityFromToken } from './claims';
import { createCredential, createSecretClient } from './client';
import { deletedMetadataOf, deletedSummaryOf, liveMetadataOf, summaryOf, versionInfoOf } from './convert';
import { decodeCursor, encodeCursor } from './cursor';
import { keyVaultScope } from './endpoints';
import { mapAzureError } from './map-error';
import { capturingNextLink } from './next-link';
import { checkName, hasPrefix } from './names';
import { decodeValue, encodeValue, isJsonContentType } from './value-codec';

const CAPABILITIES: Capabilities = {
  stages: false,
  softDelete: true,
  restore: true,
  destroy: true,
  maxVersions: false,
  attributes: true,
  valueShape: 'string',
  batchRead: 1,
  concurrency: 'verify-after',
};

/** How often delete and recover poll until the service has settled. */
const POLL_INTERVAL_MS = 500;
const READ_MANY_CONCURRENCY = 4;

/** Captures the x-ms-request-id of an operation's final response, for the audit trail. */
function requestIdCapture() {
  let requestId: string | undefined;
  return {
    onResponse: (response: { headers: { get(name: string): string | undefined } }) => {
      requestId = response.headers.get('x-ms-request-id') ?? requestId;
    },
    get requestId() {
      return requestId;
    },
  };
}

/** The latest version's properties; when `known` is false they are a same-second sibling's, marked disabled. */
interface CurrentVersion {
  known: boolean;
  properties: SecretProperties;
}

const signalOption = (options?: CallOptions) => (options?.signal !== undefined ? { abortSignal: options.signal } : {});

/**
 * Azure Key Vault through @azure/keyvault-secrets, unchanged. Key Vault has no write
 * precondition, so writes re-read the current version first and verify afterwards, and report a
 * concurrent change they detect (ARCHITECTURE: Providers); they never claim more.
 */
class AzureKeyVaultProvider implements Provider {
  readonly kind = 'azure' as const;
  private readonly vaultOrigin: string;
  private readonly client: SecretClient;
  private readonly credential: TokenCredential;
  private readonly prefix: string;

  constructor(config: AzureConnectionConfig, secrets: ConnectionSecrets, scope: AzureScope, deps: ProviderDeps) {
    this.vaultOrigin = new URL(scope.vaultUrl).origin;
    this.prefix = scope.prefix;
    try {
      this.credential = createCredential(config, secrets, deps);
      this.client = createSecretClient(this.vaultOrigin, this.credential, deps);
    } catch (error) {
      throw mapAzureError(error);
    }
  }

  capabilities(): Capabilities {
    return CAPABILITIES;
  }

  async identity(options?: CallOptions): Promise<Identity> {
    // A token is the whole check: the connection-level provider has no real vault to ask.
    const token = await this.call(undefined, options, () => this.credential.getToken(keyVaultScope(this.vaultOrigin), signalOption(options)));
    if (!token) throw new KeyholeError('UNAUTHENTICATED');
    return identityFromToken(token.token, token.expiresOnTimestamp);
  }

  async *list(options?: CallOptions): AsyncIterable<Page<SecretSummary>> {
    // Key Vault has no server-side name filter: the scope's prefix is applied to each page.
    for await (const page of this.pages(this.client.listPropertiesOfSecrets(signalOption(options)).byPage(), options)) {
      const items = page.filter((p) => hasPrefix(p.name, this.prefix)).map(summaryOf);
      if (items.length > 0) yield { items };
    }
    for await (const page of this.pages(this.client.listDeletedSecrets(signalOption(options)).byPage(), options)) {
      const items = page.filter((d) => hasPrefix(d.name, this.prefix)).map(deletedSummaryOf);
      if (items.length > 0) yield { items };
    }
  }

  async metadata(name: string, options?: CallOptions): Promise<SecretMetadata> {
    checkName(name, this.prefix);
    try {
      const versions = await this.scanVersions(name, options);
      const current = await this.currentOf(name, versions, options);
      return liveMetadataOf(`${this.vaultOrigin}/secrets/${versions[0]?.name ?? name}`, versions, current);
    } catch (error) {
      if (!(error instanceof KeyholeError) || error.code !== 'NOT_FOUND') throw error;
    }
    const deleted = await this.call(name, options, () => this.client.getDeletedSecret(name, signalOption(options)));
    return deletedMetadataOf(deleted);
  }

  async read(name: string, version?: string, options?: CallOptions): Promise<ReadResult> {
    checkName(name, this.prefix);
    const capture = requestIdCapture();
    const secret = await this.call(name, options, () =>
      this.client.getSecret(name, { ...signalOption(options), ...(version !== undefined ? { version } : {}), onResponse: capture.onResponse }),
    );
    return {
      value: decodeValue(secret.value ?? '', secret.properties.contentType),
      version: secret.properties.version ?? '',
      ...(capture.requestId !== undefined ? { requestId: capture.requestId } : {}),
    };
  }

  async readMany(names: string[], options?: CallOptions): Promise<ReadManyItem[]> {
    const limiter = new Limiter(READ_MANY_CONCURRENCY);
    return Promise.all(
      names.map((name) =>
        limiter.run(async (): Promise<ReadManyItem> => {
          try {
            return { name, result: await this.read(name, undefined, options) };
          } catch (error) {
            return { name, error: mapAzureError(error, name, options?.signal) };
          }
        }, options?.signal),
      ),
    );
  }

  async versions(name: string, cursor?: string, options?: CallOptions): Promise<Page<VersionInfo>> {
    checkName(name, this.prefix);
    let current: string | undefined;
    let link: string | undefined;
    if (cursor === undefined) {
      const found = await this.currentOf(name, await this.scanVersions(name, options), options);
      current = found.known ? found.properties.version : undefined;
    } else {
      ({ current, link } = decodeCursor(cursor, this.vaultOrigin, name));
    }
    const pages = this.client
      .listPropertiesOfSecretVersions(name, signalOption(options))
      .byPage(link !== undefined ? { continuationToken: link } : {});
    const { result: first, nextLink: next } = await capturingNextLink(() => this.call(name, options, () => pages.next()));
    if (first.done) return { items: [] };
    return {
      items: first.value.map((p) => versionInfoOf(p, current)),
      ...(next ? { next: encodeCursor({ link: next, ...(current !== undefined ? { current } : {}) }) } : {}),
    };
  }

  async create(name: string, input: CreateInput, options?: CallOptions): Promise<WriteResult> {
    checkName(name, this.prefix);
    const patch = input.metadata ?? {};
    rejectUnsupported(name, patch);
    const encoded = encodeValue(input.value, name);
    if (await this.exists(name, options)) throw new KeyholeError('ALREADY_EXISTS', { path: name });
    const capture = requestIdCapture();
    const contentType = patch.contentType ?? encoded.contentType;
    const created = await this.call(name, options, () =>
      this.client.setSecret(name, encoded.raw, {
        ...signalOption(options),
        onResponse: capture.onResponse,
        ...(contentType !== undefined ? { contentType } : {}),
        ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.expiresAt ? { expiresOn: new Date(patch.expiresAt) } : {}),
        ...(patch.notBefore ? { notBefore: new Date(patch.notBefore) } : {}),
      }),
    );
    return { version: created.properties.version ?? '', ...(capture.requestId !== undefined ? { requestId: capture.requestId } : {}) };
  }

  async write(name: string, input: WriteInput, options?: CallOptions): Promise<WriteResult> {
    checkName(name, this.prefix);
    const encoded = encodeValue(input.value, name);
    return this.writeVerified(
      name,
      encoded.raw,
      input.expectedVersion,
      (current) => encoded.contentType ?? (isJsonContentType(current.contentType) ? undefined : current.contentType),
      options,
    );
  }

  async rollback(name: string, input: RollbackInput, options?: CallOptions): Promise<WriteResult> {
    checkName(name, this.prefix);
    const old = await this.call(name, options, () => this.client.getSecret(name, { ...signalOption(options), version: input.toVersion }));
    return this.writeVerified(name, old.value ?? '', input.expectedVersion, () => old.properties.contentType, options);
  }

  async updateMetadata(name: string, patch: MetadataPatch, options?: CallOptions): Promise<void> {
    checkName(name, this.prefix);
    rejectUnsupported(name, patch);
    await this.call(name, options, () =>
      // An empty version addresses the latest, as the service defines it (as GET does).
      this.client.updateSecretProperties(name, '', {
        ...signalOption(options),
        ...(patch.contentType !== undefined ? { contentType: patch.contentType } : {}),
        ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        // The SDK passes null through as JSON null, which clears the attribute; its types only say Date.
        ...(patch.expiresAt !== undefined ? { expiresOn: toDateOrNull(patch.expiresAt) } : {}),
        ...(patch.notBefore !== undefined ? { notBefore: toDateOrNull(patch.notBefore) } : {}),
      }),
    );
  }

  async delete(name: string, input?: DeleteInput, options?: CallOptions): Promise<void> {
    checkName(name, this.prefix);
    // Key Vault deletes a whole secret; its retention period is the vault's, not the call's.
    if (input?.versions !== undefined) throw new KeyholeError('UNSUPPORTED', { path: name });
    await this.call(name, options, async () => {
      const poller = await this.client.beginDeleteSecret(name, { ...signalOption(options), intervalInMs: POLL_INTERVAL_MS });
      await poller.pollUntilDone(signalOption(options));
    });
  }

  async restore(name: string, versions?: string[], options?: CallOptions): Promise<void> {
    checkName(name, this.prefix);
    if (versions !== undefined) throw new KeyholeError('UNSUPPORTED', { path: name });
    await this.call(name, options, async () => {
      const poller = await this.client.beginRecoverDeletedSecret(name, { ...signalOption(options), intervalInMs: POLL_INTERVAL_MS });
      await poller.pollUntilDone(signalOption(options));
    });
  }

  /** Purge: permanent. A live secret is soft-deleted first (and waited for), as purge needs. */
  async destroy(name: string, versions?: string[], options?: CallOptions): Promise<void> {
    checkName(name, this.prefix);
    if (versions !== undefined) throw new KeyholeError('UNSUPPORTED', { path: name });
    if (await this.exists(name, options)) await this.delete(name, undefined, options);
    await this.call(name, options, () => this.client.purgeDeletedSecret(name, signalOption(options)));
  }

  async close(): Promise<void> {
    // Nothing to release: the SDK holds no timers, and its keep-alive sockets are unref'd.
  }

  /**
   * Re-read, write, verify: CONFLICT when the current version is not the one the edit was based
   * on; after writing, any version that appeared besides ours is reported as a concurrent change.
   * Tags belong to versions in Key Vault, so the current version's tags are carried over.
   */
  private async writeVerified(
    name: string,
    raw: string,
    expectedVersion: string,
    contentTypeFor: (current: SecretProperties) => string | undefined,
    options?: CallOptions,
  ): Promise<WriteResult> {
    const before = await this.scanVersions(name, options);
    const found = await this.currentOf(name, before, options, true);
    // An unknown current version cannot be shown to be the expected one: nothing is written.
    if (!found.known || found.properties.version !== expectedVersion) throw new KeyholeError('CONFLICT', { path: name });
    const current = found.properties;
    const contentType = contentTypeFor(current);
    const capture = requestIdCapture();
    const written = await this.call(name, options, () =>
      this.client.setSecret(name, raw, {
        ...signalOption(options),
        onResponse: capture.onResponse,
        ...(contentType !== undefined ? { contentType } : {}),
        ...(current.tags !== undefined ? { tags: current.tags } : {}),
      }),
    );
    const ours = written.properties.version ?? '';
    const known = new Set([...before.map((v) => v.version), ours]);
    const after = await this.scanVersions(name, options);
    const concurrent = after.some((v) => !known.has(v.version));
    return {
      version: ours,
      ...(capture.requestId !== undefined ? { requestId: capture.requestId } : {}),
      ...(concurrent ? { concurrentChangeDetected: true } : {}),
    };
  }

  /** Every version's properties (never values), all pages. */
  private async scanVersions(name: string, options?: CallOptions): Promise<SecretProperties[]> {
    const all: SecretProperties[] = [];
    for await (const page of this.pages(this.client.listPropertiesOfSecretVersions(name, signalOption(options)).byPage(), options, name))
      all.push(...page);
    if (all.length === 0) throw new KeyholeError('NOT_FOUND', { path: name });
    return all;
  }

  /**
   * The current (latest) version. Key Vault has no properties-only read of it, so it is the
   * version created last, from the version list; a tie within one second (created times are in
   * seconds) — or `exact`, before a write — is settled by a read of the latest, whose value is
   * dropped at once. A disabled latest cannot be read (403): without a tie the list's answer
   * stands; with one, the current version is unknown and reported as such (`known: false`).
   */
  private async currentOf(name: string, versions: SecretProperties[], options: CallOptions | undefined, exact = false): Promise<CurrentVersion> {
    const newest = Math.max(...versions.map((v) => v.createdOn?.getTime() ?? 0));
    const tied = versions.filter((v) => (v.createdOn?.getTime() ?? 0) === newest);
    const candidate = tied.at(-1);
    if (!candidate) throw new KeyholeError('NOT_FOUND', { path: name });
    if (tied.length === 1 && !exact) return { known: true, properties: candidate };
    let latest: KeyVaultSecret;
    try {
      latest = await this.call(name, options, () => this.client.getSecret(name, signalOption(options)));
    } catch (error) {
      if (!(error instanceof KeyholeError) || error.code !== 'FORBIDDEN') throw error;
      return tied.length === 1 ? { known: true, properties: candidate } : { known: false, properties: { ...candidate, enabled: false } };
    }
    return { known: true, properties: latest.properties };
  }

  private async exists(name: string, options?: CallOptions): Promise<boolean> {
    try {
      const pages = this.client.listPropertiesOfSecretVersions(name, signalOption(options)).byPage({ maxPageSize: 1 });
      const first = await this.call(name, options, () => pages.next());
      return !first.done && first.value.length > 0;
    } catch (error) {
      if (error instanceof KeyholeError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  }

  /** Iterates SDK pages, mapping any error at the boundary. */
  private async *pages<T>(iterator: AsyncIterableIterator<T[]>, options?: CallOptions, path?: string): AsyncIterable<T[]> {
    for (;;) {
      const next = await this.call(path, options, () => iterator.next());
      if (next.done) return;
      yield next.value;
    }
  }

  private async call<T>(path: string | undefined, options: CallOptions | undefined, task: () => Promise<T>): Promise<T> {
    if (options?.signal?.aborted) throw new KeyholeError('CANCELLED', path !== undefined ? { path } : {});
    try {
      return await task();
    } catch (error) {
      throw mapAzureError(error, path, options?.signal);
    }
  }
}

function toDateOrNull(value: string | null): Date {
  return (value === null ? null : new Date(value)) as Date;
}

/** Key Vault has no description, version limit or check-and-set: asking for them is refused, not ignored. */
function rejectUnsupported(name: string, patch: MetadataPatch): void {
  if (patch.description !== undefined || patch.maxVersions !== undefined || patch.casRequired !== undefined) {
    throw new KeyholeError('UNSUPPORTED', { path: name });
  }
}

export const createAzureProvider: ProviderFactory<AzureConnectionConfig, AzureScope> = (config, secrets, scope, deps) =>
  new AzureKeyVaultProvider(config, secrets, scope, deps);
