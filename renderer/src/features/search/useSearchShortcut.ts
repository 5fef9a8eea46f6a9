import { useEffect } from 'react';
import { useNav } from '../../stores/nav';
import { useSearchMode } from './search-mode';

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** "/" anywhere (when not typing and no dialog is open) searches secrets. */
export function useSearchShortcut(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      if (useNav.getState().paletteOpen || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      useSearchMode.getState().openSecretSearch();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
