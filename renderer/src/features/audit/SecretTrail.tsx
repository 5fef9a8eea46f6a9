import type { ActorSummary } from '../../../../shared/audit';
import { useAudit } from '../../stores/audit';
import { useConnections } from '../../stores/connections';
import { shortTime } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';

function Actors({ title, empty, actors }: { title: string; empty: string; actors: ActorSummary[] }) {
  return (
    <div className="trail-column">
      <h3>{title}</h3>
      {actors.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">How</th>
              <th scope="col" className="num">
                Times
              </th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {actors.map((actor) => (
              <tr key={`${actor.actorUser}@${actor.actorHost}/${actor.principal ?? ''}`}>
                <td>
                  {actor.actorUser}
                  <span className="muted">@{actor.actorHost}</span>
                  {actor.principal && <div className="mono muted small clip">{actor.principal}</div>}
                </td>
                <td className="mono small">{actor.actions.join(', ')}</td>
                <td className="num">{actor.count}</td>
                <td className="mono nowrap small">{shortTime(actor.last, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** One secret's "who saw it, who changed it"; its events are the table below (the filter is set to it). */
export function SecretTrail() {
  const secret = useAudit((s) => s.secret);
  const trail = useAudit((s) => s.trail);
  const error = useAudit((s) => s.trailError);
  const close = useAudit((s) => s.closeSecret);
  const clear = useAudit((s) => s.clearFilters);
  const connection = useConnections((s) => s.connections.find((c) => c.id === secret?.connectionId));
  const environment = useConnections((s) => s.environments.find((e) => e.id === secret?.environmentId));
  if (!secret) return null;
  return (
    <section className="audit-card secret-trail" aria-labelledby="trail-heading">
      <div className="audit-card-head">
        <h2 id="trail-heading">
          Who saw it, who changed it: <span className="mono">{secret.path}</span>{' '}
          <span className="muted small">
            in {connection?.name ?? 'a removed connection'} / {environment?.name ?? '?'}
          </span>
        </h2>
        <button type="button" className="button button-small" onClick={clear}>
          Show all events
        </button>
        <button type="button" className="icon-button" aria-label="Close who saw it, who changed it" onClick={close}>
          <CloseIcon />
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {trail && (
        <>
          <div className="trail-columns">
            <Actors title="Saw the value" empty="Nobody revealed, copied or compared its value here." actors={trail.seen} />
            <Actors title="Changed it" empty="No change recorded from this desk." actors={trail.changed} />
          </div>
          <p className="muted small">
            {trail.events.length === 0
              ? 'No events for this secret.'
              : `${trail.events.length}${trail.nextBeforeSeq === null ? '' : '+'} events for this secret. The table below is filtered to its connection, environment and path (as a substring).`}{' '}
            Only what this Keyhole recorded: work done with other tools is not here.
          </p>
        </>
      )}
    </section>
  );
}
