import type { z } from 'zod';

/**
 * Marks a schema as one that may carry a secret value. Only channels whose schemas mark the
 * field may carry a value from the renderer to main (writes) or back (reveal, compare). The
 * contract test lists every marked field, so a new one is a visible, reviewed change.
 */
const marked = new WeakSet<z.ZodType>();

export function sensitive<T extends z.ZodType>(schema: T): T {
  marked.add(schema);
  return schema;
}

export function isSensitive(schema: z.ZodType): boolean {
  return marked.has(schema);
}

interface Walkable {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, z.ZodType>;
      element?: z.ZodType;
      innerType?: z.ZodType;
      options?: z.ZodType[];
      valueType?: z.ZodType;
      items?: z.ZodType[];
    };
  };
}

/** Dotted paths of every sensitive field inside a schema, for the contract's audit of itself. */
export function sensitivePaths(schema: z.ZodType, prefix = ''): string[] {
  if (isSensitive(schema)) return [prefix || '(root)'];
  const def = (schema as unknown as Walkable)._zod.def;
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => sensitivePaths(child, join(key)));
    case 'array':
      return def.element ? sensitivePaths(def.element, join('[]')) : [];
    case 'record':
      return def.valueType ? sensitivePaths(def.valueType, join('*')) : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return def.innerType ? sensitivePaths(def.innerType, prefix) : [];
    case 'union':
      return [...new Set((def.options ?? []).flatMap((option) => sensitivePaths(option, prefix)))];
    case 'tuple':
      return (def.items ?? []).flatMap((item, i) => sensitivePaths(item, join(String(i))));
    default:
      return [];
  }
}
