import { FAILURE_BURST, type FailureBurst } from '../../../../shared/audit';
import { shortTime } from '../../ui/format';

/** Repeated failures or refusals by one actor among the filtered events. */
export function BurstList({ bursts }: { bursts: FailureBurst[] }) {
  if (bursts.length === 0) return null;
  return (
    <section className="audit-bursts" aria-labelledby="bursts-heading">
      <h2 id="bursts-heading">
        Repeated failures{' '}
        <span className="muted small">
          ({FAILURE_BURST.threshold}+ failed or refused by one actor within {FAILURE_BURST.windowMinutes} minutes)
        </span>
      </h2>
      <ul>
        {bursts.map((burst) => (
          <li key={`${burst.actorUser}@${burst.actorHost}:${burst.firstSeq}`}>
            <strong>
              {burst.actorUser}@{burst.actorHost}
            </strong>{' '}
            {burst.count} failed or refused, {shortTime(burst.from, true)} – {shortTime(burst.to, true)}{' '}
            <span className="mono muted">
              {burst.actions.join(', ')} · seq {burst.firstSeq}–{burst.lastSeq}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
