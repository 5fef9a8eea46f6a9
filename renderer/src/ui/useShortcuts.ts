import { useEffect } from 'react';
import { pageForKey } from '../pages';
import { useNav } from '../stores/nav';

const GO_WINDOW_MS = 1200;

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Ctrl/Cmd+K opens the palette anywhere; `g` then a letter goes to a page when not typing. */
export function useShortcuts(): void {
  useEffect(() => {
    let goPressedAt = 0;
    const onKey = (event: KeyboardEvent) => {
      const nav = useNav.getState();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        nav.setPaletteOpen(!nav.paletteOpen);
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target) || nav.paletteOpen || document.querySelector('dialog[open]'))
        return;
      if (event.key === 'g') {
        goPressedAt = Date.now();
        return;
      }
      if (goPressedAt > 0 && Date.now() - goPressedAt < GO_WINDOW_MS) {
        goPressedAt = 0;
        const page = pageForKey(event.key);
        if (page) {
          event.preventDefault();
          nav.go(page);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
