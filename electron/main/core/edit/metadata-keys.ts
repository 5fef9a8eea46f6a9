import type { MetadataKey } from '../../../../shared/ipc/channels/edit';
import type { Provider } from '../providers/provider';

/**
 * The metadata a provider can change without touching the value, from its capabilities: tags
 * everywhere (Vault custom_metadata, AWS and Azure tags); Vault max_versions and cas_required;
 * Azure's attributes (enabled, expiry, not-before) and content type; AWS's description.
 */
export function metadataKeys(provider: Provider): MetadataKey[] {
  const capabilities = provider.capabilities();
  const keys: MetadataKey[] = ['tags'];
  if (provider.kind === 'aws') keys.push('description');
  if (capabilities.attributes) keys.push('contentType', 'expiresAt', 'notBefore', 'enabled');
  if (capabilities.maxVersions) keys.push('maxVersions', 'casRequired');
  return keys;
}
