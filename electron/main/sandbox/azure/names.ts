/**
 * Key Vault names cannot contain "/": the common form's segments are joined with "--"
 * (`payments/api/stripe` ↔ `payments--api--stripe`), the separator the sandbox environments
 * declare in their name mapping.
 */
export const AZURE_SEPARATOR = '--';

export function toAzureName(commonName: string, separator: string = AZURE_SEPARATOR): string {
  return commonName.split('/').join(separator);
}
