import { useId, type ReactNode } from 'react';

interface Common {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
}

function Described({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint && !error && (
        <span className="field-hint" id={`${id}-d`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-d`}>
          {error}
        </span>
      )}
    </>
  );
}

interface TextFieldProps extends Common {
  value: string;
  onChange(value: string): void;
  /** A credential: a password input that no browser feature remembers or spell-checks. */
  secret?: boolean;
  placeholder?: string;
  required?: boolean;
  autoFocus?: boolean;
  list?: string;
  mono?: boolean;
}

export function TextField({ label, value, onChange, error, hint, secret = false, placeholder, required, autoFocus, list, mono }: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={mono ? 'mono' : undefined}
        type={secret ? 'password' : 'text'}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        required={required}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-d` : undefined}
        data-autofocus={autoFocus ? '' : undefined}
        list={list}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

interface TextAreaProps extends Common {
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  rows?: number;
}

export function TextAreaField({ label, value, onChange, error, hint, placeholder, rows = 4 }: TextAreaProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="mono"
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-d` : undefined}
      />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

interface SelectProps<T extends string> extends Common {
  value: T;
  onChange(value: T): void;
  options: readonly { value: T; label: string }[];
}

export function SelectField<T extends string>({ label, value, onChange, options, error, hint }: SelectProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)} aria-describedby={error || hint ? `${id}-d` : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-d` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="field-hint" id={`${id}-d`}>
          {hint}
        </span>
      )}
    </div>
  );
}
