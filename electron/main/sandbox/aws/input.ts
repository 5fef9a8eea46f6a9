import { errors } from './errors';
import type { Tag } from './model';

/**
 * Reads a JSON 1.1 request body the way AWS's front end does: a wrong JSON type is a
 * SerializationException, a value outside the model's constraints a ValidationException (which
 * never echoes the value), unknown members are ignored.
 */
export type Body = Record<string, unknown>;

interface Length {
  min?: number;
  max?: number;
}

const field = (key: string) => `${key.charAt(0).toLowerCase()}${key.slice(1)}`;

function checkLength(key: string, value: string, { min, max }: Length, bytes = false): void {
  const length = bytes ? Buffer.byteLength(value, 'utf8') : value.length;
  if (min !== undefined && length < min) throw errors.validation(field(key), `Member must have length greater than or equal to ${min}`);
  if (max !== undefined && length > max) throw errors.validation(field(key), `Member must have length less than or equal to ${max}`);
}

export function optString(body: Body, key: string, length: Length = {}, bytes = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw errors.serialization(`Expected a string for ${key}`);
  checkLength(key, value, length, bytes);
  return value;
}

export function reqString(body: Body, key: string, length: Length = {}): string {
  const value = optString(body, key, length);
  if (value === undefined) throw errors.validation(field(key), 'Member must not be null');
  return value;
}

export function optInt(body: Body, key: string, range: Length = {}): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw errors.serialization(`Expected an integer for ${key}`);
  if (range.min !== undefined && value < range.min)
    throw errors.validation(field(key), `Member must have value greater than or equal to ${range.min}`);
  if (range.max !== undefined && value > range.max) throw errors.validation(field(key), `Member must have value less than or equal to ${range.max}`);
  return value;
}

export function optBool(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw errors.serialization(`Expected a boolean for ${key}`);
  return value;
}

export function optStringList(body: Body, key: string, items: Length, each: Length = {}): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw errors.serialization(`Expected a list for ${key}`);
  if (items.min !== undefined && value.length < items.min)
    throw errors.validation(field(key), `Member must have length greater than or equal to ${items.min}`);
  if (items.max !== undefined && value.length > items.max)
    throw errors.validation(field(key), `Member must have length less than or equal to ${items.max}`);
  return value.map((item) => {
    if (typeof item !== 'string') throw errors.serialization(`Expected a string in ${key}`);
    checkLength(key, item, each);
    return item;
  });
}

/** SecretBinary arrives base64-encoded in JSON; its decoded size is what the limit counts. */
export function optBinary(body: Body, key: string, maxBytes: number): Buffer | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw errors.serialization(`Expected base64 for ${key}`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > maxBytes) throw errors.validation(field(key), `Member must have length less than or equal to ${maxBytes}`);
  return bytes;
}

export function optTags(body: Body, key = 'Tags'): Tag[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw errors.serialization(`Expected a list for ${key}`);
  return value.map((item) => {
    if (typeof item !== 'object' || item === null) throw errors.serialization(`Expected a structure in ${key}`);
    const tag = item as Body;
    const k = reqString(tag, 'Key', { min: 1, max: 128 });
    const v = optString(tag, 'Value', { max: 256 }) ?? '';
    return { Key: k, Value: v };
  });
}

export interface Filter {
  key: string;
  values: string[];
}

const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'];
const FILTER_VALUE = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;

export function optFilters(body: Body, key = 'Filters'): Filter[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw errors.serialization(`Expected a list for ${key}`);
  if (value.length > 10) throw errors.validation('filters', 'Member must have length less than or equal to 10');
  return value.map((item) => {
    if (typeof item !== 'object' || item === null) throw errors.serialization(`Expected a structure in ${key}`);
    const filter = item as Body;
    const k = optString(filter, 'Key');
    if (k === undefined || !FILTER_KEYS.includes(k)) {
      throw errors.validation('filters.member.key', `Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`);
    }
    const values = optStringList(filter, 'Values', { min: 1, max: 10 }, { min: 1, max: 512 }) ?? [];
    if (values.length === 0) throw errors.validation('filters.member.values', 'Member must have length greater than or equal to 1');
    for (const v of values) {
      if (!FILTER_VALUE.test(v))
        throw errors.validation('filters.member.values', `Member must satisfy regular expression pattern: ${FILTER_VALUE.source}`);
    }
    return { key: k, values };
  });
}
