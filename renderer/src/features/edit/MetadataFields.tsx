import type { MetadataKey } from '../../../../shared/ipc/channels/edit';
import { CheckField, TextField } from '../../ui/fields';
import { newTag, type MetaDraft } from './metadata-draft';

interface Props {
  keys: MetadataKey[];
  draft: MetaDraft;
  onChange(draft: MetaDraft): void;
  /** Vault calls its tags custom metadata. */
  tagsLabel: string;
}

function DateTime({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  return (
    <div className="field">
      <label>
        {label}
        <span className="datetime">
          <input type="datetime-local" value={value} onChange={(event) => onChange(event.target.value)} />
          {value !== '' && (
            <button type="button" className="button button-small" onClick={() => onChange('')}>
              Clear
            </button>
          )}
        </span>
      </label>
    </div>
  );
}

/** Only what the provider keeps (main's `metadataKeys`, from its capabilities). */
export function MetadataFields({ keys, draft, onChange, tagsLabel }: Props) {
  const has = (key: MetadataKey) => keys.includes(key);
  const set = (patch: Partial<MetaDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      {has('tags') && (
        <fieldset className="form-section">
          <legend>{tagsLabel}</legend>
          {draft.tags.map((tag, index) => (
            <div className="tag-row" key={tag.id}>
              <input
                className="mono"
                aria-label={`${tagsLabel} key ${index + 1}`}
                value={tag.key}
                onChange={(event) => set({ tags: draft.tags.map((t) => (t.id === tag.id ? { ...t, key: event.target.value } : t)) })}
                autoComplete="off"
                spellCheck={false}
              />
              <input
                className="mono"
                aria-label={`${tagsLabel} value ${index + 1}`}
                value={tag.value}
                onChange={(event) => set({ tags: draft.tags.map((t) => (t.id === tag.id ? { ...t, value: event.target.value } : t)) })}
                autoComplete="off"
                spellCheck={false}
              />
              <button type="button" className="button button-small" onClick={() => set({ tags: draft.tags.filter((t) => t.id !== tag.id) })}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button button-small" onClick={() => set({ tags: [...draft.tags, newTag()] })}>
            Add {tagsLabel === 'Tags' ? 'tag' : 'entry'}
          </button>
        </fieldset>
      )}
      {has('description') && <TextField label="Description" value={draft.description} onChange={(description) => set({ description })} />}
      {has('contentType') && (
        <TextField label="Content type" value={draft.contentType} onChange={(contentType) => set({ contentType })} placeholder="text/plain" />
      )}
      {has('expiresAt') && <DateTime label="Expires" value={draft.expiresAt} onChange={(expiresAt) => set({ expiresAt })} />}
      {has('notBefore') && <DateTime label="Not before" value={draft.notBefore} onChange={(notBefore) => set({ notBefore })} />}
      {has('enabled') && <CheckField label="Enabled" checked={draft.enabled} onChange={(enabled) => set({ enabled })} />}
      {has('maxVersions') && (
        <TextField
          label="Max versions"
          value={draft.maxVersions}
          onChange={(maxVersions) => set({ maxVersions })}
          hint="0 or empty: the mount's default. Older versions are trimmed on the next write."
        />
      )}
      {has('casRequired') && (
        <CheckField
          label="Require check-and-set"
          checked={draft.casRequired}
          onChange={(casRequired) => set({ casRequired })}
          hint="Every write must name the version it is based on (Keyhole always does)."
        />
      )}
    </>
  );
}
