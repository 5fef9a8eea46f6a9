import { useEffect, useRef, useState } from 'react';
import type { Environment } from '../../../../shared/connections';
import { PROVIDER_LABELS } from '../../../../shared/domain';
import type { ConnectionView } from '../../../../shared/ipc/contract';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { environmentsOf, useConnections } from '../../stores/connections';
import { useNotices } from '../../stores/notices';
import { forgetEnvironments } from '../../stores/secrets';
import { Badge } from '../../ui/Badge';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { EmptyState } from '../../ui/EmptyState';
import { shortTime } from '../../ui/format';
import { ConnectionsIcon, PlusIcon, ShieldIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { AddConnectionDialog } from './AddConnectionDialog';
import { authText, credentialSource, endpointText, usesStoredCredential } from './describe';
import { EditConnectionDialog } from './EditConnectionDialog';
import { EnvironmentDialog } from './EnvironmentDialog';
import { scopeSummary } from './environment-draft';

type CheckView = Awaited<ReturnType<typeof api.connections.check>>;

type Modal =
  | { kind: 'edit'; connection: ConnectionView }
  | { kind: 'remove'; connection: ConnectionView }
  | { kind: 'add-env'; connection: ConnectionView }
  | { kind: 'edit-env'; connection: ConnectionView; environment: Environment }
  | { kind: 'remove-env'; connection: ConnectionView; environment: Environment };

async function refreshAfterRemoval(): Promise<void> {
  await useConnections.getState().load();
  forgetEnvironments(new Set(useConnections.getState().environments.map((environment) => environment.id)));
}

function CheckLine({ state }: { state: { busy: true } | { busy: false; result: CheckView } | { busy: false; error: string } }) {
  if (state.busy) {
    return (
      <p className="check-line" role="status">
        <Spinner /> Checking…
      </p>
    );
  }
  if ('error' in state) {
    return (
      <p className="check-line check-bad" role="status">
        Check failed: {state.error}
      </p>
    );
  }
  const result = state.result;
  const parts = [
    result.reachable ? 'Reachable' : 'Not reachable',
    result.authenticated ? 'authenticated' : 'not authenticated',
    result.principal ? `as ${result.principal}` : null,
    result.expiresAt ? `credential expires ${shortTime(result.expiresAt)}` : null,
    result.latencyMs !== null ? `${Math.round(result.latencyMs)} ms` : null,
  ].filter(Boolean);
  return (
    <p className={`check-line ${result.authenticated ? 'check-ok' : 'check-bad'}`} role="status">
      <span className="dot" aria-hidden="true" />
      {parts.join(' · ')}
      {result.error && <span> — {result.error.message}</span>}
    </p>
  );
}

function ConnectionCard({
  connection,
  environments,
  open,
  justAdded,
}: {
  connection: ConnectionView;
  environments: Environment[];
  open(modal: Modal): void;
  justAdded: boolean;
}) {
  const cardRef = useRef<HTMLElement>(null);
  // A card added below the fold is brought into view, so the operator sees where it went.
  useEffect(() => {
    if (justAdded) cardRef.current?.scrollIntoView({ block: 'nearest' });
  }, [justAdded]);
  const [check, setCheck] = useState<Parameters<typeof CheckLine>[0]['state'] | null>(null);
  const headingId = `conn-${connection.id}`;
  const runCheck = async () => {
    setCheck({ busy: true });
    try {
      setCheck({ busy: false, result: await api.connections.check({ id: connection.id }) });
    } catch (error) {
      setCheck({ busy: false, error: explain(shownError(error)) });
    }
  };

  return (
    <section className="card" aria-labelledby={headingId} ref={cardRef}>
      <header className="card-head">
        <div className="card-title">
          <h2 id={headingId}>{connection.name}</h2>
          {connection.sandbox && <Badge tone="accent">sandbox</Badge>}
          {connection.readOnly && <Badge>read-only</Badge>}
        </div>
        <div className="card-actions">
          <button
            type="button"
            className="button button-small"
            aria-label={`Check ${connection.name}`}
            onClick={() => void runCheck()}
            disabled={check?.busy === true}
          >
            Check
          </button>
          <button
            type="button"
            className="button button-small"
            aria-label={`Edit ${connection.name}`}
            onClick={() => open({ kind: 'edit', connection })}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-quiet-danger"
            aria-label={`Remove ${connection.name}`}
            onClick={() => open({ kind: 'remove', connection })}
          >
            Remove
          </button>
        </div>
      </header>
      <dl className="card-facts">
        <div>
          <dt>Provider</dt>
          <dd>{PROVIDER_LABELS[connection.config.kind]}</dd>
        </div>
        <div>
          <dt>Endpoint</dt>
          <dd className="mono">{endpointText(connection.config)}</dd>
        </div>
        <div>
          <dt>Auth</dt>
          <dd>{authText(connection.config)}</dd>
        </div>
        <div>
          <dt>Credential</dt>
          <dd>
            {usesStoredCredential(connection.config) ? (
              connection.hasCredential ? (
                'stored in keychain'
              ) : (
                <span className="text-warn">not stored</span>
              )
            ) : (
              credentialSource(connection.config)
            )}
          </dd>
        </div>
        {(connection.caPem || connection.proxyUrl) && (
          <div>
            <dt>Network</dt>
            <dd>
              {[connection.caPem ? 'own CA bundle' : null, connection.proxyUrl ? `proxy ${connection.proxyUrl}` : null].filter(Boolean).join(' · ')}
            </dd>
          </div>
        )}
      </dl>
      {check && <CheckLine state={check} />}
      <div className="env-section">
        <div className="env-section-head">
          <h3>Environments</h3>
          <button
            type="button"
            className="button button-small"
            aria-label={`Add environment to ${connection.name}`}
            onClick={() => open({ kind: 'add-env', connection })}
          >
            <PlusIcon /> Add environment
          </button>
        </div>
        {environments.length === 0 ? (
          <p className="muted small">No environments yet. An environment is a scope on this connection, such as a mount and prefix.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scope</th>
                <th scope="col">Name separator</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {environments.map((environment) => (
                <tr key={environment.id}>
                  <td>
                    <span className="env-cell">
                      {environment.name}
                      {environment.protected && (
                        <Badge tone="warn" title="Reveals and changes need a step-up">
                          <ShieldIcon size={10} /> protected
                        </Badge>
                      )}
                    </span>
                  </td>
                  <td className="mono">{scopeSummary(environment.scope)}</td>
                  <td className="mono muted">{environment.nameMapping.separator}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Edit environment ${environment.name}`}
                      onClick={() => open({ kind: 'edit-env', connection, environment })}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="link-button link-danger"
                      aria-label={`Remove environment ${environment.name}`}
                      onClick={() => open({ kind: 'remove-env', connection, environment })}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

export function ConnectionsPage() {
  const connections = useConnections((s) => s.connections);
  const environments = useConnections((s) => s.environments);
  const status = useConnections((s) => s.status);
  const addOpen = useConnections((s) => s.addOpen);
  const setAddOpen = useConnections((s) => s.setAddOpen);
  const sandbox = useConnections((s) => s.sandbox);
  const openSandbox = useConnections((s) => s.openSandbox);
  const push = useNotices((s) => s.push);
  const [modal, setModal] = useState<Modal | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const close = () => setModal(null);

  const remove = async (action: () => Promise<unknown>, done: string): Promise<string | null> => {
    try {
      await action();
      push('info', done);
      await refreshAfterRemoval();
      return null;
    } catch (error) {
      return explain(shownError(error));
    }
  };

  return (
    <div className="page-pad page-narrow">
      <div className="page-toolbar">
        <p className="muted">
          {connections.length === 0
            ? 'No connections yet.'
            : `${connections.length} connection${connections.length === 1 ? '' : 's'}, ${environments.length} environment${environments.length === 1 ? '' : 's'}`}
        </p>
        <button type="button" className="button button-primary" onClick={() => setAddOpen(true)}>
          <PlusIcon /> Add connection
        </button>
      </div>

      {status === 'ready' && connections.length === 0 && (
        <EmptyState
          title="No connections"
          icon={<ConnectionsIcon />}
          actions={
            <button type="button" className="button" onClick={() => void openSandbox()} disabled={sandbox.state === 'opening'}>
              {sandbox.state === 'opening' ? 'Opening the sandbox…' : 'Open the sandbox'}
            </button>
          }
        >
          <p>Add a Vault, AWS or Azure connection, or open the local sandbox to try Keyhole on synthetic data.</p>
        </EmptyState>
      )}

      <div className="cards">
        {connections.map((connection) => (
          <ConnectionCard
            key={connection.id}
            connection={connection}
            environments={environmentsOf(environments, connection.id)}
            open={setModal}
            justAdded={connection.id === added}
          />
        ))}
      </div>

      {addOpen && <AddConnectionDialog onClose={() => setAddOpen(false)} onAdded={setAdded} />}
      {modal?.kind === 'edit' && <EditConnectionDialog connection={modal.connection} onClose={close} />}
      {modal?.kind === 'add-env' && <EnvironmentDialog connection={modal.connection} onClose={close} />}
      {modal?.kind === 'edit-env' && <EnvironmentDialog connection={modal.connection} environment={modal.environment} onClose={close} />}
      {modal?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove ${modal.connection.name}?`}
          body={`Keyhole forgets the connection “${modal.connection.name}”, its ${environmentsOf(environments, modal.connection.id).length} environment(s) and its stored credential. Nothing changes at the provider.`}
          confirmLabel="Remove connection"
          onConfirm={() => remove(() => api.connections.remove({ id: modal.connection.id }), `Connection “${modal.connection.name}” removed`)}
          onClose={close}
        />
      )}
      {modal?.kind === 'remove-env' && (
        <ConfirmDialog
          title={`Remove environment ${modal.environment.name}?`}
          body={`Keyhole forgets the environment “${modal.environment.name}” on ${modal.connection.name}. Its secrets stay at the provider.`}
          confirmLabel="Remove environment"
          onConfirm={() => remove(() => api.environments.remove({ id: modal.environment.id }), `Environment “${modal.environment.name}” removed`)}
          onClose={close}
        />
      )}
    </div>
  );
}
