import type { SecretMetadata } from '../../../../shared/domain';
import type { Input } from '../../../../shared/ipc/channel';
import type { MetadataKey } from '../../../../shared/ipc/channels/edit';
import type { AppContract } from '../../../../shared/ipc/contract';

export type MetadataPatch = Input<AppContract, 'edit:updateMetadata'>['patch'];

export interface TagRow {
  id: number;
  key: string;
  value: string;
}

export interface MetaDraft {
  tags: TagRow[];
  description: string;
  contentType: string;
  /** datetime-local text, local time; '' is none. */
  expiresAt: string;
  notBefore: string;
  enabled: boolean;
  maxVersions: string;
  casRequired: boolean;
}

let nextId = 1;
export const newTag = (key = '', value = ''): TagRow => ({ id: nextId++, key, value });

function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function metaDraftOf(metadata?: Omit<SecretMetadata, 'versions'>): MetaDraft {
  return {
    tags: Object.entries(metadata?.tags ?? {}).map(([key, value]) => newTag(key, value)),
    description: metadata?.description ?? '',
    contentType: metadata?.contentType ?? '',
    expiresAt: toLocalInput(metadata?.expiresAt),
    notBefore: toLocalInput(metadata?.notBefore),
    enabled: metadata?.enabled ?? true,
    maxVersions: metadata?.maxVersions !== undefined ? String(metadata.maxVersions) : '',
    casRequired: metadata?.casRequired ?? false,
  };
}

export function metaProblem(draft: MetaDraft): string | null {
  const keys = draft.tags.filter((t) => t.key !== '' || t.value !== '').map((t) => t.key);
  if (keys.some((k) => k.trim() === '')) return 'Every tag needs a key.';
  if (new Set(keys).size !== keys.length) return 'Two tags have the same key.';
  if (draft.maxVersions !== '' && !/^\d{1,4}$/.test(draft.maxVersions)) return 'Max versions is a whole number (0: the mount default).';
  if (draft.expiresAt !== '' && draft.notBefore !== '' && new Date(draft.notBefore) >= new Date(draft.expiresAt))
    return 'Not-before must come before the expiry.';
  return null;
}

const instant = (local: string): string | null => (local === '' ? null : new Date(local).toISOString());

/**
 * The patch to send: only the keys the provider keeps, and only those that differ from `base`
 * (for a new secret, only those given).
 */
export function toPatch(draft: MetaDraft, keys: MetadataKey[], base: MetaDraft | null): MetadataPatch {
  const patch: MetadataPatch = {};
  const allowed = new Set(keys);
  const tags = Object.fromEntries(draft.tags.filter((t) => t.key !== '').map((t) => [t.key, t.value]));
  const baseTags = base ? Object.fromEntries(base.tags.map((t) => [t.key, t.value])) : {};
  const differs = <K extends keyof MetaDraft>(key: K) => base === null || JSON.stringify(draft[key]) !== JSON.stringify(base[key]);
  if (allowed.has('tags') && JSON.stringify(tags) !== JSON.stringify(baseTags)) patch.tags = tags;
  if (allowed.has('description') && differs('description') && (base !== null || draft.description !== '')) patch.description = draft.description;
  if (allowed.has('contentType') && differs('contentType') && draft.contentType !== '') patch.contentType = draft.contentType;
  if (allowed.has('expiresAt') && differs('expiresAt') && (base !== null || draft.expiresAt !== '')) patch.expiresAt = instant(draft.expiresAt);
  if (allowed.has('notBefore') && differs('notBefore') && (base !== null || draft.notBefore !== '')) patch.notBefore = instant(draft.notBefore);
  if (allowed.has('enabled') && differs('enabled') && (base !== null || !draft.enabled)) patch.enabled = draft.enabled;
  if (allowed.has('maxVersions') && differs('maxVersions') && draft.maxVersions !== '') patch.maxVersions = Number(draft.maxVersions);
  if (allowed.has('casRequired') && differs('casRequired') && (base !== null || draft.casRequired)) patch.casRequired = draft.casRequired;
  return patch;
}
