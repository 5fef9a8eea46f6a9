import { KvError, kvErrors } from './kv-error';
import { RECOVERABLE_DAYS, RECOVERY_LEVEL, type StoredSecret, type StoredVersion } from './model';
import { SECRET_NAME, type AttributePatch, type Found, type UpdateParams, type VaultStore } from './vault-store';

/**
 * The Key Vault secrets data plane over one VaultStore: routes, request bodies and the
 * service's JSON shapes (SecretBundle, SecretItem, DeletedSecretBundle, paged lists with an
 * absolute nextLink). Authentication, faults and throttling happen before this.
 */
export const SUPPORTED_API_VERSIONS = ['7.4', '7.5', '7.6-preview.1', '7.6-preview.2', '7.6', '2025-07-01', '2026-04-01'] as const;
export const LATEST_API_VERSION = '2026-04-01';
const DEFAULT_PAGE = 25;

export interface VaultApiContext {
  store: VaultStore;
  /** https://127.0.0.1:PORT, no trailing slash. */
  vaultUrl: string;
}

export interface ApiAnswer {
  status: number;
  body?: unknown;
}

export function checkApiVersion(url: URL): KvError | undefined {
  const version = url.searchParams.get('api-version');
  if (version === null || version === '')
    return kvErrors.badParameter('The api-version query parameter (?api-version=) is required for all requests.');
  if (!(SUPPORTED_API_VERSIONS as readonly string[]).includes(version)) {
    return kvErrors.badParameter(
      `The specified version (${version}) is not recognized. Consider using the latest supported version (${LATEST_API_VERSION}).`,
    );
  }
  return undefined;
}

export function handleVaultApi(ctx: VaultApiContext, method: string, url: URL, body: Buffer): ApiAnswer {
  const segments = url.pathname.split('/').slice(1).map(decodeSegment);
  const [collection, name, third, fourth] = segments;
  if (segments.length > 4 || (fourth !== undefined && fourth !== '')) return errorAnswer(kvErrors.notFoundRoute());

  if (collection === 'secrets') {
    if (name === undefined || name === '') return method === 'GET' ? listSecrets(ctx, url) : errorAnswer(kvErrors.methodNotAllowed());
    checkName(name);
    if (third === undefined) {
      // PUT and DELETE address the secret; a GET without the trailing slash is a read of the latest.
      if (method === 'PUT') return { status: 200, body: bundle(ctx, ctx.store.set(name, parseSetBody(body)), true) };
      if (method === 'DELETE') return { status: 200, body: deletedBundle(ctx, ctx.store.delete(name)) };
      if (method === 'GET') return { status: 200, body: bundle(ctx, ctx.store.get(name), true) };
      if (method === 'PATCH') return { status: 200, body: bundle(ctx, ctx.store.update(name, undefined, parseUpdateBody(body)), false) };
      return errorAnswer(kvErrors.methodNotAllowed());
    }
    if (third === 'versions' && method === 'GET') return listVersions(ctx, name, url);
    const version = third === '' ? undefined : third;
    if (method === 'GET') return { status: 200, body: bundle(ctx, ctx.store.get(name, version), true) };
    if (method === 'PATCH') return { status: 200, body: bundle(ctx, ctx.store.update(name, version, parseUpdateBody(body)), false) };
    return errorAnswer(kvErrors.methodNotAllowed());
  }

  if (collection === 'deletedsecrets') {
    if (name === undefined || name === '') return method === 'GET' ? listDeleted(ctx, url) : errorAnswer(kvErrors.methodNotAllowed());
    checkName(name);
    if (third === undefined || third === '') {
      if (method === 'GET') return { status: 200, body: deletedBundle(ctx, ctx.store.getDeleted(name)) };
      if (method === 'DELETE') {
        ctx.store.purge(name);
        return { status: 204 };
      }
      return errorAnswer(kvErrors.methodNotAllowed());
    }
    if (third === 'recover' && method === 'POST') return { status: 200, body: bundle(ctx, ctx.store.recover(name), false) };
    return errorAnswer(kvErrors.notFoundRoute());
  }
  return errorAnswer(kvErrors.notFoundRoute());
}

export function errorAnswer(error: KvError): ApiAnswer {
  return { status: error.status, body: error.body() };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw kvErrors.badParameter('The request URI is not valid.');
  }
}

function checkName(name: string): void {
  if (!SECRET_NAME.test(name)) throw kvErrors.invalidName(name);
}

// ---- bodies -------------------------------------------------------------------------------

function parseJsonObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw kvErrors.badParameter('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw kvErrors.badParameter('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw kvErrors.badParameter(`The parameter '${field}' must be a string.`);
  return value;
}

function parseTags(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw kvErrors.badParameter("The parameter 'tags' must be an object.");
  const tags: Record<string, string> = {};
  for (const [key, tag] of Object.entries(value)) {
    if (typeof tag !== 'string') throw kvErrors.badParameter('Tag values must be strings.');
    tags[key] = tag;
  }
  return tags;
}

function parseAttributes(value: unknown): AttributePatch | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw kvErrors.badParameter("The parameter 'attributes' must be an object.");
  const raw = value as Record<string, unknown>;
  const patch: AttributePatch = {};
  if (raw.enabled !== undefined && raw.enabled !== null) {
    if (typeof raw.enabled !== 'boolean') throw kvErrors.badParameter("The attribute 'enabled' must be a boolean.");
    patch.enabled = raw.enabled;
  }
  for (const key of ['nbf', 'exp'] as const) {
    const time = raw[key];
    if (time === null) patch[key] = null;
    else if (time !== undefined) {
      if (typeof time !== 'number' || !Number.isInteger(time))
        throw kvErrors.badParameter(`The attribute '${key}' must be a NumericDate (seconds since the epoch).`);
      patch[key] = time;
    }
  }
  return patch;
}

function parseSetBody(body: Buffer) {
  const raw = parseJsonObject(body);
  if (typeof raw.value !== 'string') throw kvErrors.badParameter("The parameter 'value' is required and must be a string.");
  const contentType = optionalString(raw.contentType, 'contentType');
  const tags = parseTags(raw.tags);
  const attributes = parseAttributes(raw.attributes);
  return {
    value: raw.value,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(attributes !== undefined ? { attributes } : {}),
  };
}

function parseUpdateBody(body: Buffer): UpdateParams {
  const raw = body.length === 0 ? {} : parseJsonObject(body);
  const contentType = optionalString(raw.contentType, 'contentType');
  const tags = parseTags(raw.tags);
  const attributes = parseAttributes(raw.attributes);
  return {
    ...(contentType !== undefined ? { contentType } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...(attributes !== undefined ? { attributes } : {}),
  };
}

// ---- shapes -------------------------------------------------------------------------------

function attributes(version: StoredVersion) {
  return {
    enabled: version.enabled,
    ...(version.nbf !== undefined ? { nbf: version.nbf } : {}),
    ...(version.exp !== undefined ? { exp: version.exp } : {}),
    created: version.created,
    updated: version.updated,
    recoveryLevel: RECOVERY_LEVEL,
    recoverableDays: RECOVERABLE_DAYS,
  };
}

function optionalFields(version: StoredVersion) {
  return {
    ...(version.contentType !== undefined ? { contentType: version.contentType } : {}),
    ...(version.tags !== undefined ? { tags: version.tags } : {}),
  };
}

const secretId = (ctx: VaultApiContext, secret: StoredSecret, version?: StoredVersion) =>
  `${ctx.vaultUrl}/secrets/${secret.name}${version ? `/${version.id}` : ''}`;

function bundle(ctx: VaultApiContext, found: Found, withValue: boolean) {
  return {
    ...(withValue ? { value: found.version.value } : {}),
    id: secretId(ctx, found.secret, found.version),
    attributes: attributes(found.version),
    ...optionalFields(found.version),
  };
}

function deletionFields(ctx: VaultApiContext, secret: StoredSecret) {
  return {
    recoveryId: `${ctx.vaultUrl}/deletedsecrets/${secret.name}`,
    deletedDate: secret.deletion?.deletedDate,
    scheduledPurgeDate: secret.deletion?.scheduledPurgeDate,
  };
}

function deletedBundle(ctx: VaultApiContext, found: Found) {
  return { ...deletionFields(ctx, found.secret), ...bundle(ctx, found, false) };
}

function secretItem(ctx: VaultApiContext, secret: StoredSecret) {
  const latest = secret.versions.at(-1);
  return latest ? { id: secretId(ctx, secret), attributes: attributes(latest), ...optionalFields(latest) } : { id: secretId(ctx, secret) };
}

// ---- paging -------------------------------------------------------------------------------

function pageSize(url: URL): number {
  const raw = url.searchParams.get('maxresults');
  if (raw === null) return DEFAULT_PAGE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > DEFAULT_PAGE) {
    throw kvErrors.badParameter(`Invalid value for maxresults: ${raw}. The value must be between 1 and ${DEFAULT_PAGE}.`);
  }
  return size;
}

function marker(url: URL): string | undefined {
  const token = url.searchParams.get('$skiptoken');
  if (token === null) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { NextMarker?: unknown };
    if (typeof parsed.NextMarker === 'string') return parsed.NextMarker;
  } catch {
    // Falls through to the service's answer for a token it did not issue.
  }
  throw kvErrors.badParameter('The skip token is not valid.');
}

function nextLink(ctx: VaultApiContext, url: URL, next: string | undefined, size: number): string | null {
  if (next === undefined) return null;
  const token = Buffer.from(JSON.stringify({ NextMarker: next, TargetLocation: 0 })).toString('base64url');
  const apiVersion = url.searchParams.get('api-version') ?? LATEST_API_VERSION;
  return `${ctx.vaultUrl}${url.pathname}?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${token}&maxresults=${size}`;
}

function listSecrets(ctx: VaultApiContext, url: URL): ApiAnswer {
  const size = pageSize(url);
  const slice = ctx.store.listActive(marker(url), size);
  return { status: 200, body: { value: slice.items.map((s) => secretItem(ctx, s)), nextLink: nextLink(ctx, url, slice.next, size) } };
}

function listVersions(ctx: VaultApiContext, name: string, url: URL): ApiAnswer {
  const size = pageSize(url);
  const after = marker(url);
  const slice = ctx.store.versions(name, after, size);
  return {
    status: 200,
    body: {
      value: slice.items.map((version) => ({
        id: secretId(ctx, slice.secret, version),
        attributes: attributes(version),
        ...optionalFields(version),
      })),
      nextLink: nextLink(ctx, url, slice.next, size),
    },
  };
}

function listDeleted(ctx: VaultApiContext, url: URL): ApiAnswer {
  const size = pageSize(url);
  const slice = ctx.store.listDeleted(marker(url), size);
  return {
    status: 200,
    body: { value: slice.items.map((s) => ({ ...deletionFields(ctx, s), ...secretItem(ctx, s) })), nextLink: nextLink(ctx, url, slice.next, size) },
  };
}
