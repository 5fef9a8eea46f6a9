import type { Environment } from '../../../../shared/connections';
import type { SecretSummary } from '../../../../shared/domain';
import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../shared/errors';
import { Limiter } from '../jobs/limiter';
import type { Clock } from '../ports';
import { listAll } from '../providers/list-all';
import type { Provider, ReadManyItem, ReadResult } from '../providers/provider';
import type { SideEntry, SideMetadata } from './compare';
import type { Fingerprinter } from './fingerprint';
import { toCommon } from './names';

/**
 * Batches in flight per side. The connection's limiter (16) bounds every call the connection
 * makes; this keeps a diff within a provider's documented rates with room for the operator's
 * other work: AWS BatchGetSecretValue is 100/s (20 ids each), Azure about 400/s per vault; Vault
 * has no default limit.
 */
const DIFF_CONCURRENCY: Record<Provider['kind'], number> = { vault: 16, aws: 4, azure: 8 };
const RETRY_SINGLY: readonly ErrorCode[] = ['THROTTLED', 'UNAVAILABLE', 'TIMEOUT'];

export interface CollectProgress {
  /** Called once the listing is complete, before any value is read; may refuse (throw). */
  listed(count: number, names: string[]): void;
  /** Called as secrets are read (or found unreadable). */
  read(count: number): void;
}

function metadataOf(summary: Pick<SecretSummary, 'tags' | 'expiresAt' | 'contentType' | 'enabled'>): SideMetadata {
  return { tags: summary.tags, expiresAt: summary.expiresAt, contentType: summary.contentType, enabled: summary.enabled };
}

function codeOf(error: unknown): ErrorCode {
  return isKeyholeError(error) ? error.code : 'INTERNAL';
}

/**
 * Lists one side and reads every value, fingerprinting each as it arrives: the value is dropped
 * at once, only the fingerprint and the version read stay. A secret that cannot be read (or a
 * listed, soft-deleted one) keeps its error code. Keys are common names.
 */
export async function collectSide(
  provider: Provider,
  environment: Environment,
  fingerprinter: Fingerprinter,
  progress: CollectProgress,
  signal: AbortSignal,
  clock: Clock,
): Promise<Map<string, SideEntry>> {
  const entries = new Map<string, SideEntry>();
  const summaries = await listAll(provider, clock, signal);
  progress.listed(
    summaries.length,
    summaries.map((s) => s.name),
  );

  const limiter = new Limiter(DIFF_CONCURRENCY[provider.kind]);
  const batch = Math.max(1, provider.capabilities().batchRead);
  const toRead: SecretSummary[] = [];
  let done = 0;
  for (const summary of summaries) {
    if (summary.deleted === true) {
      entries.set(toCommon(environment, summary.name), { native: summary.name, metadata: metadataOf(summary), error: 'DELETED' });
      done += 1;
    } else {
      toRead.push(summary);
    }
  }
  progress.read(done);

  /** Metadata the listing did not carry (Vault): the read's own tags where it had them, else one more call. */
  const fullMetadata = async (summary: SecretSummary, result: ReadResult | undefined): Promise<SideMetadata> => {
    if (summary.metadataComplete) return metadataOf(summary);
    if (result?.tags !== undefined) return metadataOf({ ...summary, tags: result.tags });
    try {
      return metadataOf(await provider.metadata(summary.name, { signal }));
    } catch (error) {
      if (codeOf(error) === 'CANCELLED') throw error;
      return metadataOf(summary);
    }
  };

  const settle = async (summary: SecretSummary, item: ReadManyItem | undefined) => {
    let result = item?.result;
    let error: ErrorCode | undefined = item?.error !== undefined ? item.error.code : item === undefined ? 'INTERNAL' : undefined;
    if (error !== undefined && RETRY_SINGLY.includes(error)) {
      // A per-id failure inside a batch: once more on its own, with the guard's backoff.
      try {
        result = await provider.read(summary.name, undefined, { signal });
        error = undefined;
      } catch (retryError) {
        error = codeOf(retryError);
      }
    }
    if (error === 'CANCELLED' || signal.aborted) throw new KeyholeError('CANCELLED');
    const entry: SideEntry = { native: summary.name, metadata: await fullMetadata(summary, error === undefined ? result : undefined) };
    if (result !== undefined && error === undefined) {
      entry.fingerprint = fingerprinter.of(result.value);
      entry.version = result.version;
    } else {
      entry.error = error ?? 'INTERNAL';
    }
    entries.set(toCommon(environment, summary.name), entry);
  };

  const chunks: SecretSummary[][] = [];
  for (let i = 0; i < toRead.length; i += batch) chunks.push(toRead.slice(i, i + batch));
  await Promise.all(
    chunks.map((chunk) =>
      limiter.run(async () => {
        let items: ReadManyItem[];
        try {
          items = await provider.readMany(
            chunk.map((s) => s.name),
            { signal },
          );
        } catch (error) {
          if (codeOf(error) === 'CANCELLED' || signal.aborted) throw error;
          items = chunk.map((s) => ({ name: s.name, error: isKeyholeError(error) ? error : undefined }) as ReadManyItem);
        }
        const byName = new Map(items.map((item) => [item.name, item]));
        await Promise.all(chunk.map((summary) => settle(summary, byName.get(summary.name))));
        done += chunk.length;
        progress.read(done);
      }, signal),
    ),
  );
  return entries;
}
