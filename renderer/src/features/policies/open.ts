import { useConnections } from '../../stores/connections';
import { useNav } from '../../stores/nav';
import { usePolicies, type PolicyTarget } from '../../stores/policies';
import { useSecrets } from '../../stores/secrets';
import { environmentLabel } from './labels';

/** Opens a secret's detail pane on the Secrets page (its Rotation section shows the policy and history). */
export function openSecretFromPolicies(item: { environmentId: string; name: string }): void {
  useSecrets.getState().openSecret(item.environmentId, item.name);
  useNav.getState().go('secrets');
}

/** Keyhole's own interval on a scope, from the policies main listed. */
function currentDays(match: (scope: PolicyTarget['scope']) => boolean): number | undefined {
  return usePolicies.getState().policies.find((p) => match(p.scope))?.intervalDays;
}

/** `known`: Keyhole's intervals as policy:secret answered them (the detail pane), else from the policies listed. */
export function policyTargetForSecret(
  item: { environmentId: string; name: string },
  known?: { secret?: number; environment?: number },
): PolicyTarget {
  const { environments, connections } = useConnections.getState();
  const environment = environmentLabel(environments, connections, item.environmentId);
  return {
    scope: { kind: 'secret', environmentId: item.environmentId, name: item.name },
    label: `${item.name} in ${environment.name}`,
    protected: environment.protected,
    current: known ? known.secret : currentDays((s) => s.kind === 'secret' && s.environmentId === item.environmentId && s.name === item.name),
    inherited: known ? known.environment : currentDays((s) => s.kind === 'environment' && s.environmentId === item.environmentId),
  };
}

export function policyTargetForEnvironment(environmentId: string): PolicyTarget {
  const { environments, connections } = useConnections.getState();
  const environment = environmentLabel(environments, connections, environmentId);
  return {
    scope: { kind: 'environment', environmentId },
    label: environment.name,
    protected: environment.protected,
    current: currentDays((s) => s.kind === 'environment' && s.environmentId === environmentId),
  };
}
