/**
 * A secret value, held in main only. A value is a string, a map of named fields (Vault KV data,
 * AWS JSON objects), or bytes (AWS SecretBinary), which are never re-encoded as text.
 */
export type SecretValue =
  { kind: 'string'; value: string } | { kind: 'fields'; fields: Record<string, string> } | { kind: 'binary'; bytes: Uint8Array };

export function stringValue(value: string): SecretValue {
  return { kind: 'string', value };
}

export function fieldsValue(fields: Record<string, string>): SecretValue {
  return { kind: 'fields', fields };
}

/** Field names of a value, for statuses; a string value has the single pseudo-field "". */
export function fieldNames(value: SecretValue): string[] {
  return value.kind === 'fields' ? Object.keys(value.fields).sort() : [''];
}
