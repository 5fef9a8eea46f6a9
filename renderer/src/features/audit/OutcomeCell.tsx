import type { AuditEvent } from '../../../../shared/audit';

const LABELS = { success: 'ok', failure: 'failed', refused: 'refused' } as const;

/** Outcome as colour plus text: refusals and failures stand out, attempts recede. */
export function OutcomeCell({ event }: { event: Pick<AuditEvent, 'outcome' | 'phase'> }) {
  if (!event.outcome) return <span className="outcome outcome-none">{event.phase}</span>;
  return <span className={`outcome outcome-${event.outcome}`}>{LABELS[event.outcome]}</span>;
}
