import { memo, useMemo } from 'react';
import type { SecretSummary } from '../../../../shared/domain';
import type { EnvironmentLoad } from '../../stores/secret-loads';
import { fillError } from '../../stores/secrets';
import { plural } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { ago } from './freshness';
import { useNow } from './hooks';
import { isKnown, SORT_LABELS, type SortSpec } from './sort';

const n = (count: number) => count.toLocaleString('en-US');

/**
 * One line under the list's title: how many, how old the listing is, and what is still being
 * filled in (a names-only listing's metadata, for the screen or for the active sort).
 */
export const ListStatus = memo(function ListStatus(props: {
  environmentId: string;
  load: EnvironmentLoad | undefined;
  shown: number;
  filtering: boolean;
  sort: SortSpec;
  items: readonly SecretSummary[];
  revision: number;
}) {
  const { environmentId, load, shown, filtering, sort, items, revision } = props;
  const now = useNow(30_000);
  const total = load?.count ?? 0;
  // Counted over every row: cheap next to a render, and only when rows or fills changed.
  const counts = useMemo(() => {
    let namesOnly = 0;
    let known = 0;
    for (const item of items) {
      if (!item.metadataComplete) namesOnly += 1;
      if (isKnown(item, sort.key) || fillError(environmentId, item.name) !== undefined) known += 1;
    }
    return { namesOnly, known };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revision: rows were added or filled in place
  }, [environmentId, items, sort.key, revision]);

  const parts: string[] = [];
  if (load?.state === 'loading') parts.push(`Loading… ${n(total)} so far`);
  else parts.push(filtering ? `${n(shown)} of ${plural(total, 'secret')}` : plural(total, 'secret'));
  if (load?.state === 'loaded' && load.listedAt !== null) parts.push(`listed ${ago(now - load.listedAt)}`);
  if (load?.state === 'cancelled') parts.push('listing stopped');
  const sortNote =
    sort.key !== 'name' && counts.known < items.length
      ? `sorting by ${SORT_LABELS[sort.key]} — ${n(counts.known)} of ${n(items.length)} filled in`
      : null;

  return (
    <div className="list-status" role="status">
      {load?.state === 'loading' && <Spinner />}
      {parts.join(' · ')}
      {sortNote && <span className="fill-note"> · {sortNote}</span>}
      {!sortNote && counts.namesOnly > 0 && load?.state !== 'loading' && (
        <span className="muted"> · names only from the provider: metadata fills in as rows come into view</span>
      )}
      {load?.state === 'failed' && <span className="form-error"> — the listing failed: {load.error}</span>}
    </div>
  );
});
