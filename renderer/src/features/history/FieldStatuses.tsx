import type { Comparison } from '../../stores/history';
import { Badge, type BadgeTone } from '../../ui/Badge';

const TONES: Record<Comparison['fields'][number]['status'], BadgeTone> = { same: 'neutral', changed: 'warn', added: 'ok', removed: 'danger' };

/** Which fields differ, by keyed fingerprint in main: names and statuses, never values. */
export function FieldStatuses({ comparison, fromLabel, toLabel }: { comparison: Comparison; fromLabel: string; toLabel: string }) {
  if (comparison.identical)
    return (
      <p className="muted" data-testid="field-statuses">
        The {fromLabel} and {toLabel} values are identical.
      </p>
    );
  return (
    <ul className="field-statuses" data-testid="field-statuses">
      {comparison.fields.map(({ field, status }) => (
        <li key={field}>
          <span className="mono">{field === '' ? '(value)' : field}</span> <Badge tone={TONES[status]}>{status}</Badge>
        </li>
      ))}
    </ul>
  );
}
