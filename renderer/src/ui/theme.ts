import { useEffect, useSyncExternalStore } from 'react';
import { useSettings } from '../stores/settings';

const query = '(prefers-color-scheme: dark)';

function subscribe(callback: () => void): () => void {
  const media = window.matchMedia(query);
  media.addEventListener('change', callback);
  return () => media.removeEventListener('change', callback);
}

/** The OS preference, unless the theme setting forces one; applied as <html data-theme>. */
export function useAppliedTheme(): 'light' | 'dark' {
  const systemDark = useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
  const setting = useSettings((s) => s.settings?.theme ?? 'system');
  const theme = setting === 'system' ? (systemDark ? 'dark' : 'light') : setting;
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  return theme;
}
