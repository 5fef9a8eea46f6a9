import { useConnections } from '../../stores/connections';
import { usePolicies } from '../../stores/policies';
import { shortTime } from '../../ui/format';
import { ShieldIcon } from '../../ui/icons';
import { environmentLabel } from './labels';
import { policyTargetForEnvironment } from './open';

/** Keyhole's interval per environment: the fallback for every secret there without a stronger source. */
export function EnvironmentPolicies() {
  const environments = useConnections((s) => s.environments);
  const connections = useConnections((s) => s.connections);
  const policies = usePolicies((s) => s.policies);
  const error = usePolicies((s) => s.policiesError);
  const edit = usePolicies((s) => s.edit);
  return (
    <section className="policy-card" aria-labelledby="environment-policies">
      <h2 id="environment-policies">Environment policies</h2>
      {error && (
        <p className="form-error" role="alert">
          Policies could not be read: {error}
        </p>
      )}
      {environments.length === 0 ? (
        <p className="muted small">No environments yet: add a connection first.</p>
      ) : (
        <table className="table compact environment-policies">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Keyhole interval</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {environments.map((environment) => {
              const label = environmentLabel(environments, connections, environment.id);
              const policy = policies.find((p) => p.scope.kind === 'environment' && p.scope.environmentId === environment.id);
              return (
                <tr key={environment.id}>
                  <td className="clip" title={label.name}>
                    {label.name}
                    {label.protected && (
                      <span className="protected-mark" title="Protected environment">
                        <ShieldIcon />
                        <span className="visually-hidden"> (protected)</span>
                      </span>
                    )}
                    <span className="muted"> · {label.provider}</span>
                  </td>
                  <td className="nowrap" title={policy ? `Set ${shortTime(policy.updatedAt)}` : undefined}>
                    {policy ? `every ${policy.intervalDays} days` : <span className="muted">none</span>}
                  </td>
                  <td className="nowrap">
                    <button type="button" className="link-button" onClick={() => edit(policyTargetForEnvironment(environment.id))}>
                      Set<span className="visually-hidden"> policy for {label.name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
