import { VaultHttpError } from './replies';
import { parseDurationSecond } from './time';

/**
 * Request field parsing with the weak typing of Vault's framework.FieldData: numbers may arrive
 * as strings, booleans as "true"/"1", int slices as arrays or "1,2,3".
 */
export type Body = Record<string, unknown>;

function conversionError(raw: unknown, name: string, reason: string): VaultHttpError {
  return new VaultHttpError(400, [
    `error converting input ${typeof raw === 'string' ? raw : JSON.stringify(raw)} for field ${JSON.stringify(name)}: ${reason}`,
  ]);
}

export function toInt(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

export function intField(body: Body, name: string): number | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return undefined;
  const value = toInt(raw);
  if (value === undefined) throw conversionError(raw, name, 'cannot parse as int');
  return value;
}

/** Go's strconv.ParseBool, which parseutil uses for query flags like ?list=. */
export function parseBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

export function boolField(body: Body, name: string): boolean | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  const value = typeof raw === 'string' ? parseBool(raw) : typeof raw === 'number' ? raw !== 0 : undefined;
  if (value === undefined) throw conversionError(raw, name, 'cannot parse as bool');
  return value;
}

export function durationField(body: Body, name: string): number | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return undefined;
  const value = parseDurationSecond(raw);
  if (value === undefined) throw conversionError(raw, name, 'cannot parse as duration');
  return value;
}

/** TypeKVPairs: a map of strings; null values are kept for merge patches. */
export function kvPairsField(body: Body, name: string, allowNull: boolean): Record<string, string | null> | undefined {
  const raw = body[name];
  if (raw === undefined) return undefined;
  if (raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw conversionError(raw, name, 'expected a map');
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null && allowNull) out[key] = null;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else throw conversionError(raw, name, 'expected a map of strings');
  }
  return out;
}

export function intSliceField(body: Body, name: string): number[] {
  const raw = body[name];
  if (raw === undefined || raw === null) return [];
  const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw];
  return items.map((item) => {
    const value = toInt(item);
    if (value === undefined) throw conversionError(raw, name, 'cannot parse as int slice');
    return value;
  });
}
