import { useId } from 'react';
import { newRow, type Draft, type FieldRow, type Mode } from './draft';

const MODE_LABELS: Record<Mode, string> = { string: 'Text', fields: 'Fields', json: 'JSON' };

interface Props {
  draft: Draft;
  onChange(draft: Draft): void;
  modes: Mode[];
  /** Editing an existing secret: existing fields are listed by name, their values never shown. */
  editing: boolean;
  problem: string | null;
}

/**
 * A write-only editor: it shows what the operator types and nothing else (an existing value is
 * seen only through Reveal). No autocomplete, no spellcheck: typed values must not reach either.
 */
export function ValueEditor({ draft, onChange, modes, editing, problem }: Props) {
  const id = useId();
  const setRow = (row: FieldRow, patch: Partial<FieldRow>) =>
    onChange({ ...draft, rows: draft.rows.map((r) => (r.id === row.id ? { ...r, ...patch } : r)) });
  return (
    <fieldset className="form-section value-editor">
      <legend>{editing ? 'New value' : 'Value'}</legend>
      {modes.length > 1 && (
        <div className="segmented" role="group" aria-label="Value as">
          {modes.map((mode) => (
            <button
              key={mode}
              type="button"
              aria-pressed={draft.mode === mode}
              onClick={() => onChange({ ...draft, mode, rows: mode === 'fields' && draft.rows.length === 0 ? [newRow()] : draft.rows })}
            >
              {MODE_LABELS[mode]}
            </button>
          ))}
        </div>
      )}
      {draft.mode === 'fields' ? (
        <table className="table compact field-editor">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">{editing ? 'New value (empty: unchanged)' : 'Value'}</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.rows.map((row, index) => (
              <tr key={row.id} className={row.remove ? 'removed' : undefined}>
                <td>
                  {row.existing ? (
                    <span className="mono">{row.name}</span>
                  ) : (
                    <input
                      className="mono"
                      aria-label={`Field ${index + 1} name`}
                      value={row.name}
                      onChange={(event) => setRow(row, { name: event.target.value })}
                      autoComplete="off"
                      spellCheck={false}
                    />
                  )}
                </td>
                <td>
                  <textarea
                    className="mono"
                    rows={1}
                    aria-label={`Value of ${row.name || `field ${index + 1}`}`}
                    value={row.value}
                    placeholder={row.existing ? (row.remove ? 'will be removed' : 'unchanged') : ''}
                    disabled={row.remove}
                    onChange={(event) => setRow(row, { value: event.target.value })}
                    autoComplete="off"
                    spellCheck={false}
                    autoCorrect="off"
                    autoCapitalize="off"
                  />
                </td>
                <td>
                  {row.existing ? (
                    <button
                      type="button"
                      className="button button-small"
                      aria-pressed={row.remove}
                      onClick={() => setRow(row, { remove: !row.remove, value: '' })}
                    >
                      {row.remove ? 'Keep' : 'Remove'}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Drop field ${index + 1}`}
                      onClick={() => onChange({ ...draft, rows: draft.rows.filter((r) => r.id !== row.id) })}
                    >
                      Drop
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>
                <button type="button" className="button button-small" onClick={() => onChange({ ...draft, rows: [...draft.rows, newRow()] })}>
                  Add field
                </button>
              </td>
            </tr>
          </tfoot>
        </table>
      ) : (
        <div className="field">
          <label htmlFor={id}>{draft.mode === 'json' ? 'JSON' : 'Text'}</label>
          <textarea
            id={id}
            className="mono"
            rows={6}
            value={draft.text}
            onChange={(event) => onChange({ ...draft, text: event.target.value })}
            autoComplete="off"
            spellCheck={false}
            autoCorrect="off"
            autoCapitalize="off"
            placeholder={editing ? 'The whole new value' : ''}
          />
        </div>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
