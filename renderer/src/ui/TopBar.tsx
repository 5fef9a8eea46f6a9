import { PAGES } from '../pages';
import { useNav } from '../stores/nav';
import { LockOpenIcon, SearchIcon } from './icons';

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
      <span className="lock-state" title="Keyhole will lock itself after inactivity once MFA lands; this build does not lock.">
        <LockOpenIcon />
        Unlocked
        <span className="lock-note">· auto-lock not in this build</span>
      </span>
    </header>
  );
}
