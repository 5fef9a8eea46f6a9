import type { SecretSummary } from '../../../../shared/domain';
import { withBackoff } from '../jobs/backoff';
import type { Clock } from '../ports';
import type { Provider } from './provider';

/**
 * Every row of a provider's listing, for work that needs the whole listing before it starts (a
 * diff side, a due report). The guard retries single calls, not a stream: a throttled listing
 * starts again, with backoff.
 */
export function listAll(provider: Provider, clock: Clock, signal: AbortSignal): Promise<SecretSummary[]> {
  return withBackoff(
    async () => {
      const items: SecretSummary[] = [];
      for await (const page of provider.list({ signal })) items.push(...page.items);
      return items;
    },
    clock,
    { signal },
  );
}
