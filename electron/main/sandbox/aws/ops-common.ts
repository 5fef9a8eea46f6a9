import { errors } from './errors';
import { optBinary, optString, reqString, type Body } from './input';
import { MAX_VALUE_BYTES, type StoredSecret, type StoredVersion } from './model';
import type { RegionStore } from './region-store';

export interface OpContext {
  store: RegionStore;
  now: number;
}

export type Operation = (body: Body, ctx: OpContext) => Record<string, unknown>;

export const SECRET_ID = { min: 1, max: 2048 };
export const VERSION_ID = { min: 32, max: 64 };
export const STAGE = { min: 1, max: 256 };

export function findSecret(body: Body, ctx: OpContext): StoredSecret {
  const secret = ctx.store.resolve(reqString(body, 'SecretId', SECRET_ID), ctx.now);
  if (!secret) throw errors.notFound();
  return secret;
}

/** A secret that may be changed or read: not scheduled for deletion. */
export function liveSecret(body: Body, ctx: OpContext): StoredSecret {
  const secret = findSecret(body, ctx);
  if (secret.deletedAt !== undefined) throw errors.markedForDeletion();
  return secret;
}

export interface NewValue {
  string?: string;
  binary?: string;
}

/** SecretString or SecretBinary (never both); undefined when neither was sent. */
export function readValue(body: Body): NewValue | undefined {
  const string = optString(body, 'SecretString', { max: MAX_VALUE_BYTES }, true);
  const binary = optBinary(body, 'SecretBinary', MAX_VALUE_BYTES);
  if (string !== undefined && binary !== undefined) {
    throw errors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (string !== undefined) return { string };
  if (binary !== undefined) return { binary: binary.toString('base64') };
  return undefined;
}

export function sameValue(version: StoredVersion, value: NewValue): boolean {
  return version.string === value.string && version.binary === value.binary;
}

/** False for the empty placeholder a rotation labels AWSPENDING before its createSecret step. */
export function hasValue(version: StoredVersion): boolean {
  return version.string !== undefined || version.binary !== undefined;
}

export function findVersion(secret: StoredSecret, versionId: string): StoredVersion | undefined {
  return secret.versions.find((v) => v.id === versionId);
}
