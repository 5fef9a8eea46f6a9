import type { ProviderKind } from '../../../../shared/domain';
import { useConnections } from '../../stores/connections';
import { useSecrets, type Detail } from '../../stores/secrets';
import { ago } from './freshness';
import { useNow } from './hooks';

function RefreshButton({ environmentId }: { environmentId: string }) {
  const reload = useSecrets((s) => s.reload);
  return (
    <button type="button" className="link-button" onClick={() => void reload(environmentId)}>
      Refresh the list
    </button>
  );
}

/** Said when the metadata read on open differs from what the list showed: the list is stale. */
export function ChangedNote({ detail }: { detail: Extract<Detail, { state: 'loaded' }> }) {
  const now = useNow(30_000);
  if (detail.changes.length === 0) return null;
  const when = detail.listedAt !== null ? ` (listed ${ago(now - detail.listedAt)})` : '';
  return (
    <p className="changed-note" role="status">
      <strong>Changed since it was listed{when}:</strong> {detail.changes.join('; ')}. <RefreshButton environmentId={detail.environmentId} />
    </p>
  );
}

/** A secret the list showed that the provider no longer has. */
export function GoneNote({ detail }: { detail: Extract<Detail, { state: 'failed' }> }) {
  if (!detail.gone) return null;
  return (
    <p className="changed-note" role="status">
      It was listed, but the provider no longer has it: deleted or renamed since. <RefreshButton environmentId={detail.environmentId} />
    </p>
  );
}

const TAGS_HEADING: Record<ProviderKind, string> = { vault: 'Custom metadata', aws: 'Tags', azure: 'Tags' };

/** "Custom metadata" in Vault, "Tags" elsewhere: the operator's own word for it. */
export function useTagsHeading(environmentId: string): string {
  const kind = useConnections((s) => {
    const environment = s.environments.find((e) => e.id === environmentId);
    return s.connections.find((c) => c.id === environment?.connectionId)?.config.kind;
  });
  return kind ? TAGS_HEADING[kind] : 'Tags';
}
