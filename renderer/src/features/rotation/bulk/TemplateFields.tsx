import type { ReactNode } from 'react';
import { CheckField, SelectField, TextAreaField, TextField } from '../../../ui/fields';
import { lengthOk, type TemplateDraft } from './template-draft';

interface Props {
  draft: TemplateDraft;
  onChange(draft: TemplateDraft): void;
  /** Every item is on AWS: AWS's own rotation function is offered. */
  awsOnly: boolean;
  environmentOptions: { value: string; label: string }[];
  /** Shown under the checklist: where the operator ticks its items. */
  checklistTicks?: ReactNode;
}

/** The template every item gets: the guided plan's fields without the secret, or AWS's rotation function. */
export function TemplateFields({ draft, onChange, awsOnly, environmentOptions, checklistTicks }: Props) {
  const set =
    <K extends keyof TemplateDraft>(key: K) =>
    (value: TemplateDraft[K]) =>
      onChange({ ...draft, [key]: value });
  const method = awsOnly ? draft.method : 'guided';
  return (
    <>
      {awsOnly && (
        <fieldset className={`bulk-fieldset${method === 'guided' ? ' bulk-wide' : ''}`}>
          <legend>Method</legend>
          <SelectField<'guided' | 'aws-native'>
            label="How each secret is rotated"
            value={method}
            onChange={set('method')}
            options={[
              { value: 'guided', label: 'Guided: Keyhole generates, applies and validates' },
              { value: 'aws-native', label: 'AWS rotation function' },
            ]}
          />
          {method === 'aws-native' && (
            <div className="bulk-radios" role="radiogroup" aria-label="AWS rotation">
              <label>
                <input type="radio" name="bulk-immediately" checked={draft.immediately} onChange={() => set('immediately')(true)} /> Rotate now
              </label>
              <label>
                <input type="radio" name="bulk-immediately" checked={!draft.immediately} onChange={() => set('immediately')(false)} /> Test only (the
                function tests a pending version, which is then removed)
              </label>
            </div>
          )}
        </fieldset>
      )}
      {method === 'guided' && (
        <>
          <fieldset className="bulk-fieldset">
            <legend>New value</legend>
            <div className="bulk-grid">
              <TextField label="Field" value={draft.field} onChange={set('field')} mono autoFocus />
              <TextField
                label="Length (12–256)"
                value={draft.length}
                onChange={set('length')}
                error={lengthOk(draft) ? undefined : 'From 12 to 256'}
              />
              <TextField label="Excluded characters" value={draft.exclude} onChange={set('exclude')} mono />
            </div>
            <div className="bulk-classes">
              {(['lower', 'upper', 'digits', 'symbols'] as const).map((name) => (
                <CheckField
                  key={name}
                  label={name}
                  checked={draft.classes[name]}
                  onChange={(checked) => onChange({ ...draft, classes: { ...draft.classes, [name]: checked } })}
                />
              ))}
            </div>
            <p className="muted small">
              The field of every secret (empty: the whole string). Random only: one typed value for many secrets would not be a rotation.
            </p>
          </fieldset>
          <fieldset className="bulk-fieldset">
            <legend>Target</legend>
            <SelectField<'none' | 'postgres'>
              label="What must learn the new value"
              value={draft.target}
              onChange={set('target')}
              options={[
                { value: 'none', label: 'Nothing: a checklist I tick' },
                { value: 'postgres', label: 'PostgreSQL role' },
              ]}
            />
            {draft.target === 'none' ? (
              <>
                <TextAreaField label="Checklist (one item a line)" value={draft.checklist} onChange={set('checklist')} rows={2} />
                {checklistTicks}
              </>
            ) : (
              <div className="bulk-grid">
                <SelectField<'single' | 'alternating'>
                  label="Strategy"
                  value={draft.strategy}
                  onChange={set('strategy')}
                  options={[
                    { value: 'single', label: 'Single user' },
                    { value: 'alternating', label: 'Alternating users' },
                  ]}
                />
                <SelectField<'self' | 'admin'>
                  label="Connect with"
                  value={draft.connectWith}
                  onChange={set('connectWith')}
                  options={[
                    { value: 'self', label: "Each secret's own fields" },
                    { value: 'admin', label: 'An admin secret' },
                  ]}
                />
                {draft.strategy === 'alternating' && (
                  <>
                    <TextField label="Role A" value={draft.roleA} onChange={set('roleA')} mono />
                    <TextField label="Role B" value={draft.roleB} onChange={set('roleB')} mono />
                  </>
                )}
                {draft.connectWith === 'admin' && (
                  <>
                    <SelectField
                      label="Admin secret environment"
                      value={draft.adminEnvironmentId || (environmentOptions[0]?.value ?? '')}
                      onChange={set('adminEnvironmentId')}
                      options={environmentOptions}
                    />
                    <TextField label="Admin secret name" value={draft.adminName} onChange={set('adminName')} mono />
                  </>
                )}
              </div>
            )}
          </fieldset>
          <fieldset className="bulk-fieldset">
            <legend>Validators</legend>
            {draft.target === 'postgres' && (
              <CheckField label="Log in to PostgreSQL with the new credential" checked={draft.pgLogin} onChange={set('pgLogin')} />
            )}
            <div className="bulk-grid bulk-http">
              <TextField
                label="HTTP check URL (optional)"
                value={draft.httpUrl}
                onChange={set('httpUrl')}
                mono
                hint="Must answer 2xx with the new value in a header. https, or http to 127.0.0.1 only."
              />
              {draft.httpUrl.trim() !== '' && (
                <>
                  <TextField label="Header" value={draft.httpHeader} onChange={set('httpHeader')} mono />
                  <TextField label="Prefix" value={draft.httpPrefix} onChange={set('httpPrefix')} mono />
                </>
              )}
            </div>
          </fieldset>
        </>
      )}
    </>
  );
}
