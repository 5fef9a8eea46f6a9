import { boolField, durationField, intField, intSliceField, kvPairsField, toInt, type Body } from './fields';
import { isDeleted, mergePatch, type KvMount, type MetadataInput } from './kv-store';
import { envelope, errorReply, noContent, UNSUPPORTED_OPERATION, UNSUPPORTED_PATH, VaultHttpError, type VaultReply } from './replies';
import { formatGoDuration } from './time';

export type Operation = 'read' | 'list' | 'update' | 'patch' | 'delete';

export interface KvRequest {
  op: Operation;
  /** The path below the mount, e.g. "data/staging/app/db". */
  path: string;
  query: URLSearchParams;
  body: Body;
  requestId: string;
  nowMs: number;
}

const ok = (request: KvRequest, data: unknown): VaultReply => ({ status: 200, body: envelope(request.requestId, { data, mountType: 'kv' }) });
const unsupported = (): VaultReply => errorReply(405, [UNSUPPORTED_OPERATION]);

function metadataInput(body: Body, patch: boolean): MetadataInput {
  const input: MetadataInput = {};
  const max = intField(body, 'max_versions');
  const cas = boolField(body, 'cas_required');
  const dva = durationField(body, 'delete_version_after');
  const custom = kvPairsField(body, 'custom_metadata', patch);
  if (max !== undefined) input.maxVersions = max;
  if (cas !== undefined) input.casRequired = cas;
  if (dva !== undefined) input.deleteVersionAfterMs = dva;
  if (custom !== undefined) input.custom = custom;
  return input;
}

function casOption(body: Body): number | undefined {
  const options = body.options;
  if (typeof options !== 'object' || options === null || !('cas' in options)) return undefined;
  const cas = toInt((options as Body).cas);
  if (cas === undefined) throw new VaultHttpError(400, ['error parsing check-and-set parameter']);
  return cas;
}

function dataObject(body: Body): Record<string, unknown> {
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new VaultHttpError(400, ['no data provided']);
  return data as Record<string, unknown>;
}

function readData(mount: KvMount, key: string, request: KvRequest): VaultReply {
  const raw = request.query.get('version');
  const asked = raw === null || raw === '' ? 0 : toInt(raw);
  if (asked === undefined) throw new VaultHttpError(400, [`error converting input ${raw} for field "version": cannot parse as int`]);
  const record = mount.get(key);
  if (!record) return errorReply(404);
  const number = asked === 0 ? record.current : asked;
  const entry = record.versions.get(number);
  if (!entry) return errorReply(404);
  const metadata = mount.versionMetadata(record, number, entry);
  // A deleted or destroyed version is a 404 that still carries the envelope (RespondWithStatusCode).
  if (entry.destroyed || isDeleted(entry, request.nowMs)) {
    return { status: 404, body: envelope(request.requestId, { data: { data: null, metadata }, mountType: 'kv' }) };
  }
  return ok(request, { data: entry.data, metadata });
}

function writeData(mount: KvMount, key: string, request: KvRequest, patch: boolean): VaultReply {
  const cas = casOption(request.body);
  const incoming = dataObject(request.body);
  let data = incoming;
  if (patch) {
    const record = mount.get(key);
    const current = record?.versions.get(record.current);
    if (!record || !current || current.destroyed || isDeleted(current, request.nowMs) || current.data === null) return errorReply(404);
    mount.checkCas(record, cas);
    data = mergePatch(current.data, incoming) as Record<string, unknown>;
  }
  const { record, version } = mount.write(key, data, cas);
  const entry = record.versions.get(version);
  return ok(request, entry ? mount.versionMetadata(record, version, entry) : null);
}

function versionsOf(request: KvRequest): number[] {
  const versions = intSliceField(request.body, 'versions');
  if (versions.length === 0) throw new VaultHttpError(400, ['no version number provided']);
  return versions;
}

function metadata(mount: KvMount, key: string, request: KvRequest): VaultReply {
  switch (request.op) {
    case 'list': {
      const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
      const keys = mount.index.list(prefix);
      return keys ? ok(request, { keys }) : errorReply(404);
    }
    case 'read': {
      const record = mount.get(key);
      return record ? ok(request, mount.metadataJson(record)) : errorReply(404);
    }
    case 'update':
      mount.writeMetadata(key, metadataInput(request.body, false));
      return noContent();
    case 'patch':
      mount.patchMetadata(key, metadataInput(request.body, true));
      return noContent();
    case 'delete':
      mount.deleteMetadata(key);
      return noContent();
  }
}

function config(mount: KvMount, request: KvRequest): VaultReply {
  if (request.op === 'read') {
    const { maxVersions, casRequired, deleteVersionAfterMs } = mount.config;
    return ok(request, { cas_required: casRequired, delete_version_after: formatGoDuration(deleteVersionAfterMs), max_versions: maxVersions });
  }
  if (request.op !== 'update') return unsupported();
  const input = metadataInput(request.body, false);
  if (input.maxVersions !== undefined) mount.config.maxVersions = input.maxVersions;
  if (input.casRequired !== undefined) mount.config.casRequired = input.casRequired;
  if (input.deleteVersionAfterMs !== undefined) mount.config.deleteVersionAfterMs = input.deleteVersionAfterMs;
  return noContent();
}

/** Routes one request below a KV v2 mount; `changed` is true when the mount's state moved. */
export function handleKv(mount: KvMount, request: KvRequest): { reply: VaultReply; changed: boolean } {
  const slash = request.path.indexOf('/');
  const section = slash < 0 ? request.path : request.path.slice(0, slash);
  const key = slash < 0 ? '' : request.path.slice(slash + 1);
  const changed = request.op !== 'read' && request.op !== 'list';
  try {
    return { reply: route(mount, section, key, request), changed };
  } catch (error) {
    if (error instanceof VaultHttpError) return { reply: errorReply(error.status, error.errors), changed: false };
    throw error;
  }
}

function route(mount: KvMount, section: string, key: string, request: KvRequest): VaultReply {
  const { op } = request;
  switch (section) {
    case 'config':
      return key === '' ? config(mount, request) : errorReply(404, [UNSUPPORTED_PATH]);
    case 'metadata':
      return metadata(mount, key, request);
    case 'data':
      if (op === 'read') return readData(mount, key, request);
      if (op === 'update' || op === 'patch') return writeData(mount, key, request, op === 'patch');
      if (op === 'delete') {
        mount.deleteLatest(key);
        return noContent();
      }
      return unsupported();
    case 'delete':
    case 'undelete':
    case 'destroy': {
      if (op !== 'update') return unsupported();
      const versions = versionsOf(request);
      if (section === 'delete') mount.deleteVersions(key, versions);
      else if (section === 'undelete') mount.undeleteVersions(key, versions);
      else mount.destroyVersions(key, versions);
      return noContent();
    }
    default:
      return errorReply(404, [UNSUPPORTED_PATH]);
  }
}
