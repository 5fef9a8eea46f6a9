import { useEffect } from 'react';
import { lockNow, useMfa } from '../../stores/mfa';
import { LockIcon, ShieldIcon } from '../../ui/icons';
import { useCoreNow } from './core-clock';
import { remaining } from './mfa-text';
import './mfa.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl/Cmd+L locks, anywhere, once a second factor is enrolled. */
function useLockShortcut(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        lockNow();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** The top bar's right end: the step-up grant counting down, a Step up button, and Lock. */
export function MfaTopBar() {
  const status = useMfa((s) => s.status);
  const enrolled = status?.enrolled === true;
  useLockShortcut(enrolled);
  if (!status) return null;
  if (!enrolled) {
    return (
      <button type="button" className="topbar-mfa-off" onClick={() => useMfa.getState().setEnrollOpen(true)}>
        <ShieldIcon size={14} />
        Two-factor off
        <span className="topbar-mfa-hint">· set up</span>
      </button>
    );
  }
  return (
    <div className="topbar-mfa">
      {status.grantExpiresAt ? (
        <GrantCountdown until={status.grantExpiresAt} />
      ) : (
        <button
          type="button"
          className="button button-small"
          onClick={() => void useMfa.getState().requestStepUp({ purpose: 'Start a step-up now, for the next protected reveal, copy or change.' })}
        >
          <ShieldIcon size={14} />
          Step up
        </button>
      )}
      <button type="button" className="button button-small" onClick={lockNow} aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'}>
        <LockIcon />
        Lock
        <kbd aria-hidden="true">{isMac ? '⌘L' : 'Ctrl L'}</kbd>
      </button>
    </div>
  );
}

function GrantCountdown({ until }: { until: string }) {
  const now = useCoreNow();
  const left = Date.parse(until) - now;
  return (
    <span className="grant-state">
      <ShieldIcon size={14} />
      Step-up active · {remaining(left)}
    </span>
  );
}
