import { withBackoff } from '../jobs/backoff';
import type { Limiter } from '../jobs/limiter';
import type { Clock } from '../ports';
import type { CallOptions, Provider } from './provider';

/**
 * Every call a capability makes goes through its connection's Limiter (bounded concurrency,
 * shared by all environments of the connection) and cancellation. Reads are retried with
 * backoff on throttling and transient faults; writes are not, because not every provider's
 * write is idempotent (an Azure set twice is two versions): their THROTTLED reaches the operator.
 */
export function guardProvider(provider: Provider, limiter: Limiter, clock: Clock): Provider {
  const run = <T>(options: CallOptions | undefined, task: () => Promise<T>) => limiter.run(task, options?.signal);
  const read = <T>(options: CallOptions | undefined, task: () => Promise<T>) =>
    run(options, () => withBackoff(task, clock, options?.signal ? { signal: options.signal } : {}));
  const pending = provider.pending;
  const native = provider.native;
  return {
    kind: provider.kind,
    ...(pending !== undefined
      ? {
          pending: {
            put: (name, value, token, options) => run(options, () => pending.put(name, value, token, options)),
            promote: (name, version, expected, options) => run(options, () => pending.promote(name, version, expected, options)),
            drop: (name, version, options) => run(options, () => pending.drop(name, version, options)),
          },
        }
      : {}),
    ...(native !== undefined
      ? {
          native: {
            state: (name, options) => read(options, () => native.state(name, options)),
            rotate: (name, input, options) => run(options, () => native.rotate(name, input, options)),
            cancel: (name, options) => run(options, () => native.cancel(name, options)),
            log: (lambdaArn, sinceMs, options) => read(options, () => native.log(lambdaArn, sinceMs, options)),
          },
        }
      : {}),
    capabilities: () => provider.capabilities(),
    identity: (options) => read(options, () => provider.identity(options)),
    list: (options) => provider.list(options),
    metadata: (name, options) => read(options, () => provider.metadata(name, options)),
    read: (name, version, options) => read(options, () => provider.read(name, version, options)),
    readMany: (names, options) => read(options, () => provider.readMany(names, options)),
    versions: (name, cursor, options) => read(options, () => provider.versions(name, cursor, options)),
    create: (name, input, options) => run(options, () => provider.create(name, input, options)),
    write: (name, input, options) => run(options, () => provider.write(name, input, options)),
    updateMetadata: (name, patch, options) => run(options, () => provider.updateMetadata(name, patch, options)),
    delete: (name, input, options) => run(options, () => provider.delete(name, input, options)),
    restore: (name, versions, options) => run(options, () => provider.restore(name, versions, options)),
    destroy: (name, versions, options) => run(options, () => provider.destroy(name, versions, options)),
    rollback: (name, input, options) => run(options, () => provider.rollback(name, input, options)),
    close: () => provider.close(),
  };
}
