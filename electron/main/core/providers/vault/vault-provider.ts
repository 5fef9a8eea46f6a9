import type { ConnectionSecrets, VaultConnectionConfig, VaultScope } from '../../../../../shared/connections';
import type { Capabilities, Page, SecretMetadata, SecretSummary, VersionInfo } from '../../../../../shared/domain';
import { isKeyholeError, KeyholeError } from '../../../../../shared/errors';
import { Limiter } from '../../jobs/limiter';
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
import { fieldsValue, type SecretValue } from '../value';
import { walkFolders } from './list-walk';
import { apiPath, checkName, locate, type VaultLocation } from './names';
import { listResponse, metadataResponse, parse, readResponse, toFields, toMetadata, toVersions, writeResponse, type KvMetadata } from './responses';
import { VaultSession, type CallContext, type VaultProviderDeps } from './session';

const CAPABILITIES: Capabilities = {
  stages: false,
  softDelete: true,
  restore: true,
  destroy: true,
  maxVersions: true,
  attributes: false,
  valueShape: 'fields',
  batchRead: 1,
  concurrency: 'check-and-set',
};

const LIST_PAGE_SIZE = 500;
const VERSIONS_PAGE_SIZE = 100;
const MAX_TAGS = 64;

function versionNumber(version: string, path: string, allowZero = false): number {
  if (!/^\d{1,15}$/.test(version) || (!allowZero && Number(version) === 0)) throw new KeyholeError('INVALID_INPUT', { path });
  return Number(version);
}

function versionNumbers(versions: string[], path: string): number[] {
  if (versions.length === 0) throw new KeyholeError('INVALID_INPUT', { path });
  return versions.map((v) => versionNumber(v, path));
}

/** KV values are maps of fields; a string or bytes value has no faithful KV form. */
function fieldsOf(value: SecretValue, path: string): Record<string, string> {
  if (value.kind !== 'fields') throw new KeyholeError('INVALID_INPUT', { path, detail: 'VALUE_SHAPE' });
  return value.fields;
}

function checkTags(tags: Record<string, string>, path: string): void {
  const entries = Object.entries(tags);
  const tooLarge = entries.some(([k, v]) => Buffer.byteLength(k) === 0 || Buffer.byteLength(k) > 128 || Buffer.byteLength(v) > 512);
  if (entries.length > MAX_TAGS || tooLarge) throw new KeyholeError('INVALID_INPUT', { path, detail: 'CUSTOM_METADATA' });
}

/**
 * Provider over Vault KV v2 through node-vault. Names are relative to the scope's prefix within
 * its mount. Writes carry check-and-set against the version the edit was based on; a rollback
 * is a new version with the old data, written with cas = the version the operator saw.
 */
export class VaultProvider implements Provider {
  readonly kind = 'vault' as const;
  private readonly session: VaultSession;
  private readonly location: VaultLocation;

  constructor(
    config: VaultConnectionConfig,
    secrets: ConnectionSecrets,
    scope: VaultScope,
    private readonly deps: VaultProviderDeps,
  ) {
    this.location = locate(scope);
    this.session = new VaultSession(config, secrets, deps);
  }

  capabilities(): Capabilities {
    return CAPABILITIES;
  }

  identity(options: CallOptions = {}): Promise<Identity> {
    return this.session.lookupSelf(options.signal);
  }

  async *list(options: CallOptions = {}): AsyncIterable<Page<SecretSummary>> {
    const listFolder = async (folder: string): Promise<string[] | undefined> => {
      try {
        const body = await this.session.call(
          (client, requestOptions) => client.list(apiPath(this.location, 'metadata', folder), requestOptions),
          this.context(undefined, options),
        );
        return parse(listResponse, body).data.keys;
      } catch (error) {
        if (isKeyholeError(error) && error.code === 'NOT_FOUND') return undefined;
        throw error;
      }
    };
    const concurrency = this.deps.listConcurrency ?? 16;
    for await (const names of walkFolders(listFolder, { concurrency, pageSize: LIST_PAGE_SIZE })) {
      yield { items: names.map((name): SecretSummary => ({ name, metadataComplete: false })) };
    }
  }

  async metadata(name: string, options: CallOptions = {}): Promise<SecretMetadata> {
    const metadata = await this.readMetadata(name, options);
    return toMetadata(name, `${this.location.mount}/data/${this.location.prefix}${name}`, metadata, this.deps.clock.now());
  }

  async read(name: string, version?: string, options: CallOptions = {}): Promise<ReadResult> {
    checkName(name);
    const query = version === undefined ? '' : `?version=${versionNumber(version, name)}`;
    const body = await this.session.call(
      (client, requestOptions) => client.read(`${apiPath(this.location, 'data', name)}${query}`, requestOptions),
      this.context(name, options),
    );
    const parsed = parse(readResponse, body, name);
    if (parsed.data.data === null) throw new KeyholeError('DELETED', { path: name });
    return {
      value: fieldsValue(toFields(parsed.data.data)),
      version: String(parsed.data.metadata.version),
      // Vault answers custom_metadata with the data (null when there is none); older servers omit it.
      ...(parsed.data.metadata.custom_metadata !== undefined ? { tags: parsed.data.metadata.custom_metadata ?? {} } : {}),
      ...(parsed.request_id ? { requestId: parsed.request_id } : {}),
    };
  }

  async readMany(names: string[], options: CallOptions = {}): Promise<ReadManyItem[]> {
    const limiter = new Limiter(this.deps.readConcurrency ?? 8);
    return Promise.all(
      names.map(async (name): Promise<ReadManyItem> => {
        try {
          return { name, result: await limiter.run(() => this.read(name, undefined, options), options.signal) };
        } catch (error) {
          if (isKeyholeError(error) && error.code === 'CANCELLED') throw error;
          return { name, error: isKeyholeError(error) ? error : new KeyholeError('INTERNAL', { path: name }) };
        }
      }),
    );
  }

  async versions(name: string, cursor?: string, options: CallOptions = {}): Promise<Page<VersionInfo>> {
    const offset = cursor === undefined ? 0 : versionNumber(cursor, name, true);
    const all = toVersions(await this.readMetadata(name, options), this.deps.clock.now());
    const items = all.slice(offset, offset + VERSIONS_PAGE_SIZE);
    return offset + VERSIONS_PAGE_SIZE < all.length ? { items, next: String(offset + VERSIONS_PAGE_SIZE) } : { items };
  }

  async create(name: string, input: CreateInput, options: CallOptions = {}): Promise<WriteResult> {
    checkName(name);
    if (input.metadata?.tags) checkTags(input.metadata.tags, name);
    const result = await this.writeData(name, fieldsOf(input.value, name), 0, { ...this.context(name, options), create: true });
    if (input.metadata && Object.values(input.metadata).some((v) => v !== undefined)) await this.updateMetadata(name, input.metadata, options);
    return result;
  }

  write(name: string, input: WriteInput, options: CallOptions = {}): Promise<WriteResult> {
    checkName(name);
    return this.writeData(name, fieldsOf(input.value, name), versionNumber(input.expectedVersion, name, true), this.context(name, options));
  }

  /**
   * POST metadata (what `vault kv metadata put` sends; it needs the common "update" capability,
   * where a PATCH needs "patch"). A POST would create metadata for a missing key, so the key is
   * read first: a missing secret is NOT_FOUND, as for every other call.
   */
  async updateMetadata(name: string, patch: MetadataPatch, options: CallOptions = {}): Promise<void> {
    checkName(name);
    const unsupported = [patch.description, patch.contentType, patch.expiresAt, patch.notBefore, patch.enabled].some((v) => v !== undefined);
    if (unsupported) throw new KeyholeError('UNSUPPORTED', { path: name });
    if (patch.maxVersions !== undefined && (!Number.isInteger(patch.maxVersions) || patch.maxVersions < 0))
      throw new KeyholeError('INVALID_INPUT', { path: name });
    if (patch.tags !== undefined) checkTags(patch.tags, name);
    const body: Record<string, unknown> = {};
    if (patch.tags !== undefined) body.custom_metadata = patch.tags;
    if (patch.maxVersions !== undefined) body.max_versions = patch.maxVersions;
    if (patch.casRequired !== undefined) body.cas_required = patch.casRequired;
    if (Object.keys(body).length === 0) return;
    await this.readMetadata(name, options);
    await this.session.call(
      (client, requestOptions) => client.write(apiPath(this.location, 'metadata', name), body, requestOptions),
      this.context(name, options),
    );
  }

  async delete(name: string, input: DeleteInput = {}, options: CallOptions = {}): Promise<void> {
    checkName(name);
    const context = this.context(name, options);
    if (input.versions === undefined) {
      await this.session.call((client, requestOptions) => client.delete(apiPath(this.location, 'data', name), requestOptions), context);
      return;
    }
    const versions = versionNumbers(input.versions, name);
    await this.session.call((client, requestOptions) => client.write(apiPath(this.location, 'delete', name), { versions }, requestOptions), context);
  }

  async restore(name: string, versions?: string[], options: CallOptions = {}): Promise<void> {
    checkName(name);
    const numbers = versions === undefined ? [(await this.readMetadata(name, options)).current_version] : versionNumbers(versions, name);
    await this.session.call(
      (client, requestOptions) => client.write(apiPath(this.location, 'undelete', name), { versions: numbers }, requestOptions),
      this.context(name, options),
    );
  }

  /** Destroys the given versions; without versions, every version and the metadata (Vault's metadata delete). */
  async destroy(name: string, versions?: string[], options: CallOptions = {}): Promise<void> {
    checkName(name);
    const context = this.context(name, options);
    if (versions === undefined) {
      await this.session.call((client, requestOptions) => client.delete(apiPath(this.location, 'metadata', name), requestOptions), context);
      return;
    }
    const numbers = versionNumbers(versions, name);
    await this.session.call(
      (client, requestOptions) => client.write(apiPath(this.location, 'destroy', name), { versions: numbers }, requestOptions),
      context,
    );
  }

  async rollback(name: string, input: RollbackInput, options: CallOptions = {}): Promise<WriteResult> {
    checkName(name);
    const expected = versionNumber(input.expectedVersion, name);
    const old = await this.read(name, input.toVersion, options);
    return this.writeData(name, fieldsOf(old.value, name), expected, this.context(name, options));
  }

  async close(): Promise<void> {
    this.session.close();
  }

  private context(name: string | undefined, options: CallOptions): CallContext {
    return { ...(name !== undefined ? { path: name } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  }

  private async readMetadata(name: string, options: CallOptions): Promise<KvMetadata> {
    checkName(name);
    const body = await this.session.call(
      (client, requestOptions) => client.read(apiPath(this.location, 'metadata', name), requestOptions),
      this.context(name, options),
    );
    return parse(metadataResponse, body, name).data;
  }

  private async writeData(name: string, fields: Record<string, string>, cas: number, context: CallContext): Promise<WriteResult> {
    let body: unknown;
    try {
      body = await this.session.call(
        (client, requestOptions) => client.write(apiPath(this.location, 'data', name), { options: { cas }, data: fields }, requestOptions),
        context,
      );
    } catch (error) {
      if (
        isKeyholeError(error) &&
        (error.code === 'CONFLICT' || error.code === 'ALREADY_EXISTS') &&
        (await this.isCurrent(name, cas + 1, fields, context))
      ) {
        return { version: String(cas + 1) };
      }
      throw error;
    }
    const parsed = parse(writeResponse, body, name);
    return { version: String(parsed.data.version), ...(parsed.request_id ? { requestId: parsed.request_id } : {}) };
  }

  /**
   * After a check-and-set refusal: is exactly this data already the version our write would have
   * made? Then an earlier attempt landed and only its answer was lost (a retried write after a
   * dropped connection), and the write is reported as done rather than as a conflict.
   */
  private async isCurrent(name: string, version: number, fields: Record<string, string>, context: CallContext): Promise<boolean> {
    try {
      const latest = await this.read(name, undefined, context.signal ? { signal: context.signal } : {});
      if (latest.version !== String(version) || latest.value.kind !== 'fields') return false;
      const stored = latest.value.fields;
      const keys = Object.keys(fields);
      return keys.length === Object.keys(stored).length && keys.every((key) => stored[key] === fields[key]);
    } catch {
      return false;
    }
  }
}
