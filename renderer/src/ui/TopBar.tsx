import { MfaTopBar } from '../features/mfa/MfaTopBar';
import { PAGES } from '../pages';
import { useNav } from '../stores/nav';
import { SearchIcon } from './icons';

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
      <MfaTopBar />
    </header>
  );
}
