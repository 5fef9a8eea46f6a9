import { PAGES } from '../pages';
import { useLock } from '../stores/lock';
import { useNav } from '../stores/nav';
import { LockOpenIcon, SearchIcon, ShieldIcon } from './icons';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function TopBar() {
  const page = useNav((s) => s.page);
  const setPaletteOpen = useNav((s) => s.setPaletteOpen);
  const label = PAGES.find((item) => item.id === page)?.label ?? '';
  return (
    <header className="topbar">
      <h1 className="topbar-title">{label}</h1>
      <button type="button" className="palette-trigger" onClick={() => setPaletteOpen(true)} aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}>
        <SearchIcon />
        <span>Search or run a command</span>
        <kbd>{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <LockState />
    </header>
  );
}

/** Placeholder until the lock screen lands: says whether Keyhole is locked and whether MFA is set up. */
function LockState() {
  const status = useLock((s) => s.status);
  if (status?.locked) {
    return (
      <span className="lock-state lock-locked" role="status">
        <ShieldIcon size={14} />
        Locked
        <span className="lock-note">· the unlock screen is not in this build</span>
      </span>
    );
  }
  return (
    <span className="lock-state" title="Keyhole locks itself when idle once a second factor is enrolled; enrollment arrives in a later build.">
      <LockOpenIcon />
      Unlocked
      <span className="lock-note">· {status?.enrolled ? 'MFA enrolled' : 'MFA not set up in this build'}</span>
    </span>
  );
}
