import type { Environment } from '../../../../shared/connections';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import { environmentsOf, useConnections } from '../../stores/connections';
import type { EnvironmentLoad } from '../../stores/secret-loads';
import { useSecrets } from '../../stores/secrets';
import { Badge } from '../../ui/Badge';
import { plural } from '../../ui/format';
import { RefreshIcon, ShieldIcon } from '../../ui/icons';
import { ago } from './freshness';
import { useNow } from './hooks';

function loadText(load: EnvironmentLoad | undefined): string {
  if (!load) return 'not loaded';
  switch (load.state) {
    case 'loading':
      return load.count > 0 ? `loading… ${load.count.toLocaleString('en-US')}` : 'loading…';
    case 'loaded':
      return plural(load.count, 'secret');
    case 'cancelled':
      return `stopped at ${load.count.toLocaleString('en-US')}`;
    case 'failed':
      return 'failed';
  }
}

function EnvironmentItem({ environment }: { environment: Environment }) {
  const selected = useSecrets((s) => s.environmentId === environment.id);
  const load = useSecrets((s) => s.loads[environment.id]);
  const select = useSecrets((s) => s.selectEnvironment);
  const now = useNow(30_000);
  return (
    <li>
      <button
        type="button"
        title={load && load.listedAt !== null ? `Listed ${ago(now - load.listedAt)}` : undefined}
        className={`env-item state-${load?.state ?? 'idle'}`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => select(environment.id)}
      >
        <span className="env-name">
          {environment.name}
          {environment.protected && <span className="visually-hidden">, protected</span>}
          {environment.protected && (
            <span className="env-protected" title="Protected: reveals and changes need a step-up">
              <ShieldIcon />
            </span>
          )}
        </span>
        <span className="env-status">{loadText(load)}</span>
      </button>
      {load?.state === 'failed' && load.error && <p className="env-error">{load.error}</p>}
    </li>
  );
}

/** Refresh every environment listed so far; load the ones not listed yet (search covers what is loaded). */
function TreeTools() {
  const environments = useConnections((s) => s.environments);
  const loads = useSecrets((s) => s.loads);
  const { refreshAll, loadAll } = useSecrets.getState();
  const listed = Object.keys(loads).length;
  const unlisted = environments.filter((environment) => !loads[environment.id]).length;
  const busy = Object.values(loads).some((load) => load.state === 'loading');
  return (
    <div className="env-tools">
      <span className="env-tools-title">Environments</span>
      {unlisted > 0 && (
        <button type="button" className="link-button" onClick={loadAll} title="List every environment, so search covers them all">
          Load all
        </button>
      )}
      <button
        type="button"
        className="icon-button small"
        aria-label="Refresh all environments"
        title="List every loaded environment again"
        onClick={refreshAll}
        disabled={listed === 0 || busy}
      >
        <RefreshIcon />
      </button>
    </div>
  );
}

export function EnvironmentTree() {
  const connections = useConnections((s) => s.connections);
  const environments = useConnections((s) => s.environments);
  return (
    <nav className="env-tree" aria-label="Environments">
      <TreeTools />
      {connections.map((connection) => {
        const own = environmentsOf(environments, connection.id);
        const headingId = `tree-${connection.id}`;
        return (
          <div key={connection.id} role="group" aria-labelledby={headingId} className="env-group">
            <div className="env-group-head">
              <span id={headingId} className="env-group-name" title={PROVIDER_LABELS[connection.config.kind]}>
                {connection.name}
              </span>
              {connection.readOnly && <Badge>read-only</Badge>}
            </div>
            {own.length === 0 ? (
              <p className="env-none">No environments yet — add one on the Connections page.</p>
            ) : (
              <ul className="env-list">
                {own.map((environment) => (
                  <EnvironmentItem key={environment.id} environment={environment} />
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </nav>
  );
}
