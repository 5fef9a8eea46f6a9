import { useId, useRef, useState, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/settings';
import { api } from '../../api';
import { explain } from '../../errors';
import { useMfa } from '../../stores/mfa';
import { useNotices } from '../../stores/notices';
import { useSettings } from '../../stores/settings';
import { Spinner } from '../../ui/Spinner';
import { withStepUp } from '../mfa/with-step-up';
import { MfaSettings } from './MfaSettings';

type NumberKey = 'revealSeconds' | 'clipboardClearSeconds' | 'stepUpMinutes' | 'idleLockMinutes';

const NUMBERS: { key: NumberKey; label: string; unit: string; min: number; max: number; help: string }[] = [
  {
    key: 'revealSeconds',
    label: 'Reveal duration',
    unit: 'seconds',
    min: 5,
    max: 300,
    help: 'How long a revealed value stays on screen before it is masked and dropped.',
  },
  {
    key: 'clipboardClearSeconds',
    label: 'Clear clipboard after',
    unit: 'seconds',
    min: 5,
    max: 600,
    help: 'A copied value is cleared from the clipboard after this, if it is still there.',
  },
  { key: 'stepUpMinutes', label: 'Step-up lasts', unit: 'minutes', min: 1, max: 30, help: 'How long a second-factor step-up stays valid.' },
  {
    key: 'idleLockMinutes',
    label: 'Lock when idle after',
    unit: 'minutes',
    min: 1,
    max: 240,
    help: 'Minutes of inactivity before Keyhole locks itself.',
  },
];

function Row({
  label,
  help,
  control,
  message,
  htmlFor,
}: {
  label: string;
  help: string;
  control: ReactNode;
  message: string | null;
  htmlFor?: string;
}) {
  return (
    <div className="setting-row">
      <div className="setting-text">
        {htmlFor ? <label htmlFor={htmlFor}>{label}</label> : <span className="setting-label">{label}</span>}
        <p className="muted">{help}</p>
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
      </div>
      <div className="setting-control">{control}</div>
    </div>
  );
}

const WEAKENING_WITHOUT_MFA =
  'This weakens a protection, so it needs a second-factor step-up: set up two-factor authentication (above) first. Nothing was changed.';

/**
 * Saves one setting. A weakening change is refused by main (PROTECTED_CHANGE) without a step-up
 * grant: the step-up dialog opens, and the change is tried once more after it.
 */
function useApply(): [Record<string, string | null>, (key: keyof Settings, patch: Partial<Settings>, label: string) => Promise<boolean>] {
  const push = useNotices((s) => s.push);
  const [messages, setMessages] = useState<Record<string, string | null>>({});
  const apply = async (key: keyof Settings, patch: Partial<Settings>, label: string) => {
    const result = await withStepUp(
      () => api.settings.update({ patch }),
      { purpose: `Change “${label}”: this weakens a protection.` },
      { dialog: useMfa.getState().status?.enrolled === true },
    );
    const refusal = result.ok
      ? null
      : result.error === null
        ? 'Not changed: the step-up was cancelled.'
        : result.error.code === 'PROTECTED_CHANGE'
          ? WEAKENING_WITHOUT_MFA
          : explain(result.error);
    if (result.ok) useSettings.setState({ settings: result.value });
    setMessages((m) => ({ ...m, [key]: refusal }));
    if (refusal === null) push('info', 'Setting saved');
    return refusal === null;
  };
  return [messages, apply];
}

function NumberSetting({
  spec,
  value,
  message,
  apply,
}: {
  spec: (typeof NUMBERS)[number];
  value: number;
  message: string | null;
  apply(value: number): Promise<boolean>;
}) {
  const id = useId();
  // Remounted (by key) when the stored value changes, so the field starts from it.
  const [text, setText] = useState(String(value));
  const [local, setLocal] = useState<string | null>(null);
  const inFlight = useRef<number | null>(null);
  const commit = async () => {
    const next = Number(text);
    if (!Number.isInteger(next) || next < spec.min || next > spec.max) {
      setLocal(`Enter a whole number from ${spec.min} to ${spec.max}`);
      return;
    }
    setLocal(null);
    // Enter commits, then the step-up dialog takes focus and the blur would commit again: one at a time.
    if (next === value || inFlight.current === next) return;
    inFlight.current = next;
    try {
      if (!(await apply(next))) setText(String(value));
    } finally {
      inFlight.current = null;
    }
  };
  return (
    <Row
      label={spec.label}
      help={spec.help}
      htmlFor={id}
      message={local ?? message}
      control={
        <span className="number-input">
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={spec.min}
            max={spec.max}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(event) => event.key === 'Enter' && void commit()}
          />
          <span className="muted">{spec.unit}</span>
        </span>
      }
    />
  );
}

export function SettingsPage() {
  const settings = useSettings((s) => s.settings);
  const loadError = useSettings((s) => s.loadError);
  const [messages, apply] = useApply();
  const themeId = useId();
  if (loadError) {
    return (
      <p className="page-pad form-error" role="alert">
        Settings could not be read: {loadError}
      </p>
    );
  }
  if (!settings) {
    return (
      <p className="page-pad muted" role="status">
        <Spinner /> Reading settings…
      </p>
    );
  }

  return (
    <div className="page-pad page-narrow">
      <p className="muted settings-intro">
        Changes that weaken protection (longer reveals, longer grants, turning protections off, shorter audit retention) need a second-factor step-up:
        Keyhole asks for a code from your authenticator before saving one.
      </p>

      <MfaSettings />

      <section className="settings-group" aria-labelledby="settings-appearance">
        <h2 id="settings-appearance">Appearance</h2>
        <Row
          label="Theme"
          help="Follow the operating system, or force light or dark."
          htmlFor={themeId}
          message={messages['theme'] ?? null}
          control={
            <select
              id={themeId}
              value={settings.theme}
              onChange={(event) => void apply('theme', { theme: event.target.value as Settings['theme'] }, 'Theme')}
            >
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          }
        />
      </section>

      <section className="settings-group" aria-labelledby="settings-exposure">
        <h2 id="settings-exposure">Exposure and step-up</h2>
        {NUMBERS.map((spec) => (
          <NumberSetting
            key={`${spec.key}:${settings[spec.key]}`}
            spec={spec}
            value={settings[spec.key]}
            message={messages[spec.key] ?? null}
            apply={(value) => apply(spec.key, { [spec.key]: value }, spec.label)}
          />
        ))}
        <Toggle
          label="Hide the window from screen capture"
          help="Asks the OS to exclude Keyhole from screenshots and screen sharing, where it supports that."
          checked={settings.contentProtection}
          message={messages['contentProtection'] ?? null}
          onChange={(contentProtection) => void apply('contentProtection', { contentProtection }, 'Hide the window from screen capture')}
        />
        <Toggle
          label="Step-up for every reveal and copy"
          help="Ask for the second factor everywhere, not only in protected environments."
          checked={settings.stepUpEverywhere}
          message={messages['stepUpEverywhere'] ?? null}
          onChange={(stepUpEverywhere) => void apply('stepUpEverywhere', { stepUpEverywhere }, 'Step-up for every reveal and copy')}
        />
      </section>

      <section className="settings-group" aria-labelledby="settings-audit">
        <h2 id="settings-audit">Audit</h2>
        <RetentionSetting
          key={String(settings.auditRetentionDays)}
          value={settings.auditRetentionDays}
          message={messages['auditRetentionDays'] ?? null}
          apply={(value) => apply('auditRetentionDays', { auditRetentionDays: value }, 'Keep audit events for')}
        />
      </section>
    </div>
  );
}

function Toggle({
  label,
  help,
  checked,
  message,
  onChange,
}: {
  label: string;
  help: string;
  checked: boolean;
  message: string | null;
  onChange(value: boolean): void;
}) {
  const id = useId();
  return (
    <Row
      label={label}
      help={help}
      htmlFor={id}
      message={message}
      control={
        <input id={id} type="checkbox" className="switch" role="switch" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      }
    />
  );
}

function RetentionSetting({
  value,
  message,
  apply,
}: {
  value: number | null;
  message: string | null;
  apply(value: number | null): Promise<boolean>;
}) {
  const id = useId();
  const [text, setText] = useState(value === null ? '' : String(value));
  const [local, setLocal] = useState<string | null>(null);
  // undefined: nothing in flight (null is a value here: keep everything).
  const inFlight = useRef<number | null | undefined>(undefined);
  const commit = async () => {
    const next = text.trim() === '' ? null : Number(text);
    if (next !== null && (!Number.isInteger(next) || next < 30 || next > 36500)) {
      setLocal('Enter a whole number of days from 30 to 36500, or leave it empty');
      return;
    }
    setLocal(null);
    if (next === value || inFlight.current === next) return;
    inFlight.current = next;
    try {
      if (!(await apply(next))) setText(value === null ? '' : String(value));
    } finally {
      inFlight.current = undefined;
    }
  };
  return (
    <Row
      label="Keep audit events for"
      help="Days of audit history to keep. Leave empty to keep everything."
      htmlFor={id}
      message={local ?? message}
      control={
        <span className="number-input">
          <input
            id={id}
            type="number"
            min={30}
            max={36500}
            placeholder="forever"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(event) => event.key === 'Enter' && void commit()}
          />
          <span className="muted">days</span>
        </span>
      }
    />
  );
}
