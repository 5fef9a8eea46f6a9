import type { SecretMetadata, SecretSummary } from '../../../../shared/domain';
import { KeyholeError, toWireError, type WireError } from '../../../../shared/errors';
import type { Provider } from '../providers/provider';

/** Metadata reads one batch runs at once; the connection's limiter bounds all callers together. */
export const BATCH_CONCURRENCY = 8;

export interface BatchItem {
  name: string;
  summary?: SecretSummary;
  error?: WireError;
}

/** The list-row part of a secret's metadata: what a names-only listing lacked. */
export function summaryOf(metadata: SecretMetadata): SecretSummary {
  const summary: SecretSummary = { name: metadata.name, metadataComplete: true };
  const keys = [
    'createdAt',
    'updatedAt',
    'currentVersion',
    'versionCount',
    'tags',
    'expiresAt',
    'notBefore',
    'enabled',
    'contentType',
    'description',
    'deleted',
  ] as const satisfies ReadonlyArray<keyof SecretSummary>;
  for (const key of keys) if (metadata[key] !== undefined) Object.assign(summary, { [key]: metadata[key] });
  return summary;
}

/**
 * Reads the metadata of each name, at most `concurrency` at a time, and answers one item per
 * name in the order asked: a failure stays with its name (as a wire error: code and path only).
 * Cancellation stops the names not yet started; they answer CANCELLED.
 */
export async function metadataBatch(
  provider: Provider,
  names: readonly string[],
  signal?: AbortSignal,
  concurrency = BATCH_CONCURRENCY,
): Promise<BatchItem[]> {
  const items: BatchItem[] = names.map((name) => ({ name }));
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      const item = items[index] as BatchItem;
      try {
        if (signal?.aborted) throw new KeyholeError('CANCELLED');
        // The name asked for, not the provider's spelling: the renderer matches answers by it.
        item.summary = { ...summaryOf(await provider.metadata(item.name, signal ? { signal } : {})), name: item.name };
      } catch (error) {
        item.error = toWireError(signal?.aborted ? new KeyholeError('CANCELLED', { path: item.name }) : error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return items;
}
