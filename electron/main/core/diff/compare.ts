import type { ErrorCode } from '../../../../shared/errors';
import type { DiffRow, DiffSummary } from '../../../../shared/ipc/channels/diff';
import type { Fingerprint } from './fingerprint';

/** The metadata a diff compares: never a value. */
export interface SideMetadata {
  tags?: Record<string, string> | undefined;
  expiresAt?: string | undefined;
  contentType?: string | undefined;
  enabled?: boolean | undefined;
}

/** One secret on one side, after it was read: a fingerprint or the reason it could not be read. */
export interface SideEntry {
  native: string;
  metadata: SideMetadata;
  fingerprint?: Fingerprint;
  version?: string;
  error?: ErrorCode;
}

type FieldDiff = DiffRow['fields'][number];

/**
 * Vault holds a plain string as the one field "value" (what `vault kv put x value=...` writes):
 * against a plain string on the other side, that field is the string.
 */
export const STRING_FIELD = 'value';

function asString(fingerprint: Fingerprint, other: Fingerprint): Fingerprint {
  const only = (f: Fingerprint, name: string) => f.fields.size === 1 && f.fields.has(name);
  if (only(fingerprint, STRING_FIELD) && only(other, ''))
    return { kind: fingerprint.kind, fields: new Map([['', fingerprint.fields.get(STRING_FIELD) as string]]) };
  return fingerprint;
}

function compareFields(left: Fingerprint, right: Fingerprint): FieldDiff[] {
  const a = asString(left, right);
  const b = asString(right, left);
  const names = [...new Set([...a.fields.keys(), ...b.fields.keys()])].sort();
  return names.map((field): FieldDiff => {
    const left = a.fields.get(field);
    const right = b.fields.get(field);
    if (left === undefined) return { field, status: 'only-b' };
    if (right === undefined) return { field, status: 'only-a' };
    return { field, status: left === right ? 'same' : 'different' };
  });
}

/**
 * Tags always; expiry, content type and enabled only when both providers carry them (Azure's
 * attributes): a field one side cannot hold is not a difference.
 */
export function compareMetadata(a: SideMetadata, b: SideMetadata, attributes: boolean): DiffRow['metadata'] {
  const out: DiffRow['metadata'] = [];
  const aTags = a.tags ?? {};
  const bTags = b.tags ?? {};
  for (const key of [...new Set([...Object.keys(aTags), ...Object.keys(bTags)])].sort()) {
    const left = aTags[key] ?? null;
    const right = bTags[key] ?? null;
    if (left !== right) out.push({ key: `tag:${key}`, a: left, b: right });
  }
  if (attributes) {
    const attribute = (key: string, left: string | null, right: string | null) => {
      if (left !== right) out.push({ key, a: left, b: right });
    };
    attribute('expiresAt', a.expiresAt ?? null, b.expiresAt ?? null);
    attribute('contentType', a.contentType ?? null, b.contentType ?? null);
    attribute('enabled', String(a.enabled ?? true), String(b.enabled ?? true));
  }
  return out;
}

/** One row: a secret that cannot be read on either side is unreadable, never same or different. */
export function compareEntries(name: string, a: SideEntry | undefined, b: SideEntry | undefined, attributes: boolean): DiffRow {
  const base = {
    name,
    aName: a?.native ?? null,
    bName: b?.native ?? null,
    aVersion: a?.version ?? null,
    bVersion: b?.version ?? null,
    unreadable: [
      ...(a?.error !== undefined ? [{ side: 'a' as const, code: a.error }] : []),
      ...(b?.error !== undefined ? [{ side: 'b' as const, code: b.error }] : []),
    ],
  };
  if (a === undefined || b === undefined) {
    const only: 'only-a' | 'only-b' = a === undefined ? 'only-b' : 'only-a';
    const present = a ?? b;
    const fields = [...(present?.fingerprint?.fields.keys() ?? [])].sort().map((field) => ({ field, status: only }));
    return { ...base, status: only, fields, metadata: [] };
  }
  const metadata = compareMetadata(a.metadata, b.metadata, attributes);
  if (a.fingerprint === undefined || b.fingerprint === undefined) return { ...base, status: 'unreadable', fields: [], metadata };
  if (a.fingerprint.kind !== b.fingerprint.kind) {
    return { ...base, status: 'different', fields: [{ field: '', status: 'different' }], metadata };
  }
  const fields = compareFields(a.fingerprint, b.fingerprint);
  return { ...base, status: fields.every((f) => f.status === 'same') ? 'same' : 'different', fields, metadata };
}

export function summarize(rows: DiffRow[]): DiffSummary {
  const count = (status: DiffRow['status']) => rows.filter((row) => row.status === status).length;
  return {
    total: rows.length,
    onlyA: count('only-a'),
    onlyB: count('only-b'),
    same: count('same'),
    different: count('different'),
    unreadable: count('unreadable'),
    metadataDiffers: rows.filter((row) => row.metadata.length > 0).length,
  };
}
