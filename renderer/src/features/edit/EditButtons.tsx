import { useConnections } from '../../stores/connections';
import { useEdit } from '../../stores/edit';
import { useSecrets } from '../../stores/secrets';

/** Whether the environment's connection may write at all; a read-only one offers no write control. */
export function useWritable(environmentId: string | null): boolean {
  return useConnections((s) => {
    const environment = s.environments.find((e) => e.id === environmentId);
    const connection = s.connections.find((c) => c.id === environment?.connectionId);
    return connection !== undefined && !connection.readOnly;
  });
}

/** Edit value / Edit metadata / Delete, for the secret detail pane. */
export function EditButtons({ environmentId, name }: { environmentId: string; name: string }) {
  const writable = useWritable(environmentId);
  const deleted = useSecrets((s) => s.detail?.state === 'loaded' && s.detail.metadata.deleted === true);
  const open = useEdit((s) => s.open);
  if (!writable || deleted) return null;
  return (
    <>
      <button type="button" className="button button-small" onClick={() => open({ kind: 'value', environmentId, name })}>
        Edit value
      </button>
      <button type="button" className="button button-small" onClick={() => open({ kind: 'metadata', environmentId, name })}>
        Edit metadata
      </button>
      <button type="button" className="button button-small button-danger" onClick={() => open({ kind: 'delete', environmentId, name })}>
        Delete
      </button>
    </>
  );
}

/** "New secret" in the list header of a writable environment. */
export function NewSecretButton({ environmentId }: { environmentId: string }) {
  const writable = useWritable(environmentId);
  const open = useEdit((s) => s.open);
  if (!writable) return null;
  return (
    <button type="button" className="button button-small button-primary" onClick={() => open({ kind: 'create', environmentId })}>
      New secret
    </button>
  );
}
