import { useAudit } from '../../stores/audit';
import { useConnections } from '../../stores/connections';
import { useNav } from '../../stores/nav';

/** Opens the Audit page filtered to one secret, with who saw it and who changed it (from the secret detail pane). */
export function showSecretAudit(target: { environmentId: string; name: string }): void {
  const environment = useConnections.getState().environments.find((env) => env.id === target.environmentId);
  if (!environment) return;
  useAudit.getState().openSecret({ connectionId: environment.connectionId, environmentId: target.environmentId, path: target.name });
  useNav.getState().go('audit');
}
