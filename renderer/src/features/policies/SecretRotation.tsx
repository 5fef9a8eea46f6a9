import { useEffect, useState } from 'react';
import type { RotationHistoryEntry, SecretPolicy } from '../../../../shared/ipc/channels/policies';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useNav } from '../../stores/nav';
import { usePolicies } from '../../stores/policies';
import { useRotation } from '../../stores/rotation';
import { Badge } from '../../ui/Badge';
import { shortTime } from '../../ui/format';
import { Spinner } from '../../ui/Spinner';
import { intervalText, KIND_LABELS, LAST_FROM_LABELS, OUTCOME_TONES, SOURCE_LABELS, STATE_LABELS, STATE_TONES } from './labels';
import { policyTargetForSecret } from './open';
import { PolicyDialog } from './PolicyDialog';
import './policies.css';

type Loaded = { state: 'loading' } | { state: 'loaded'; policy: SecretPolicy } | { state: 'failed'; error: string };

function openRunbook(rotationId: string): void {
  useRotation.getState().select(rotationId);
  useNav.getState().go('rotation');
}

function History({ history }: { history: readonly RotationHistoryEntry[] }) {
  if (history.length === 0) return <p className="muted small">No rotation recorded yet.</p>;
  return (
    <ol className="rotation-history" aria-label="Rotation history, newest first">
      {history.map((entry, index) => (
        <li key={`${entry.at}-${entry.rotationId ?? index}`}>
          <span className="rotation-history-line">
            <span className="nowrap" title={entry.at}>
              {shortTime(entry.at)}
            </span>
            <span className="muted">{KIND_LABELS[entry.kind]}</span>
            <Badge tone={OUTCOME_TONES[entry.outcome]}>{entry.outcome.replace('-', ' ')}</Badge>
            {entry.version && <span className="muted mono">v{entry.version.length > 10 ? `${entry.version.slice(0, 8)}…` : entry.version}</span>}
          </span>
          <span className="rotation-history-summary">
            {entry.rotationId ? (
              <button
                type="button"
                className="link-button"
                onClick={() => openRunbook(entry.rotationId!)}
                title="Open its runbook on the Rotation page"
              >
                {entry.summary || 'Open runbook'}
              </button>
            ) : (
              entry.summary
            )}
            {entry.actor && <span> · by {entry.actor}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The secret detail's Rotation section: the interval that applies and where it comes from, when
 * it was last rotated and is due, a way to set Keyhole's own policy, and the rotation history.
 */
export function SecretRotation({ environmentId, name }: { environmentId: string; name: string }) {
  const changes = usePolicies((s) => s.changes);
  const editing = usePolicies((s) => s.editing);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    api.policy
      .secret({ environmentId, name })
      .then((policy) => current && setLoaded({ state: 'loaded', policy }))
      .catch((error: unknown) => current && setLoaded({ state: 'failed', error: explain(shownError(error)) }));
    return () => {
      current = false;
    };
  }, [environmentId, name, changes]);

  const mine = editing?.scope.kind === 'secret' && editing.scope.environmentId === environmentId && editing.scope.name === name;
  const policy = loaded.state === 'loaded' ? loaded.policy : null;
  const shadowed = policy?.effective && policy.effective.source !== 'keyhole-secret' && policy.keyhole.secret !== undefined;

  return (
    <section className="secret-rotation" aria-labelledby="secret-rotation-heading">
      <div className="secret-rotation-head">
        <h3 id="secret-rotation-heading">Rotation</h3>
        {policy && <Badge tone={STATE_TONES[policy.state]}>{STATE_LABELS[policy.state]}</Badge>}
        <button
          type="button"
          className="button button-small"
          disabled={loaded.state === 'loading'}
          onClick={() => usePolicies.getState().edit(policyTargetForSecret({ environmentId, name }, policy?.keyhole))}
        >
          Set policy…
        </button>
      </div>
      {loaded.state === 'loading' && (
        <p className="muted small" role="status">
          <Spinner /> Reading the rotation policy…
        </p>
      )}
      {loaded.state === 'failed' && <p className="form-error">The rotation policy could not be read: {loaded.error}</p>}
      {policy && (
        <>
          <dl className="facts">
            <dt>Policy</dt>
            <dd>
              {policy.effective ? (
                <>
                  {intervalText(policy.effective)} <span className="muted">· {SOURCE_LABELS[policy.effective.source]}</span>
                </>
              ) : (
                'none'
              )}
              {shadowed && <span className="muted"> (its Keyhole policy, every {policy.keyhole.secret} days, is shadowed)</span>}
            </dd>
            {policy.keyhole.environment !== undefined && policy.effective?.source !== 'keyhole-environment' && (
              <>
                <dt>Environment policy</dt>
                <dd>every {policy.keyhole.environment} days</dd>
              </>
            )}
            <dt>Last rotated</dt>
            <dd>
              {shortTime(policy.lastRotatedAt)}
              {policy.lastFrom && <span className="muted"> · from {LAST_FROM_LABELS[policy.lastFrom]}</span>}
            </dd>
            <dt>Due</dt>
            <dd>{policy.dueAt ? shortTime(policy.dueAt) : '—'}</dd>
          </dl>
          <History history={policy.history} />
        </>
      )}
      {mine && editing && <PolicyDialog key={name} target={editing} />}
    </section>
  );
}
