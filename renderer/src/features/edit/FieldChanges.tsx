import type { Output } from '../../../../shared/ipc/channel';
import type { AppContract } from '../../../../shared/ipc/contract';
import { Badge } from '../../ui/Badge';

export type Preview = Output<AppContract, 'edit:preview'>;

const TONE = { added: 'ok', removed: 'danger', changed: 'warn', unchanged: 'neutral' } as const;

/** Which fields the write changes, by keyed fingerprint in main: names and statuses, never values. */
export function FieldChanges({ preview }: { preview: Preview }) {
  return (
    <section aria-label="Preview of the change" className="edit-preview">
      <h3>Preview</h3>
      {preview.unchanged ? (
        <p className="muted">The new value is the same as the current one: nothing would change.</p>
      ) : (
        <ul className="change-list">
          {preview.fields.map((f) => (
            <li key={f.field} data-change={f.change}>
              <span className="mono">{f.field === '' ? '(value)' : f.field}</span> <Badge tone={TONE[f.change]}>{f.change}</Badge>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
