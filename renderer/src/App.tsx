import { useEffect } from 'react';
import { AuditPage } from './features/audit/AuditPage';
import { ConnectionsPage } from './features/connections/ConnectionsPage';
import { NotYetPage } from './features/placeholders/NotYetPage';
import { SecretsPage } from './features/secrets/SecretsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { api } from './api';
import { useConnections } from './stores/connections';
import { useLock } from './stores/lock';
import { useNav } from './stores/nav';
import { useNotices } from './stores/notices';
import { useSettings } from './stores/settings';
import { CommandPalette } from './ui/CommandPalette';
import { Notices } from './ui/Notices';
import { Rail } from './ui/Rail';
import { TopBar } from './ui/TopBar';
import { useAppliedTheme } from './ui/theme';
import { useShortcuts } from './ui/useShortcuts';

function Page() {
  const page = useNav((s) => s.page);
  switch (page) {
    case 'secrets':
      return <SecretsPage />;
    case 'diff':
    case 'history':
    case 'rotation':
      return <NotYetPage page={page} />;
    case 'audit':
      return <AuditPage />;
    case 'connections':
      return <ConnectionsPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  useAppliedTheme();
  useShortcuts();
  useEffect(() => {
    void useSettings.getState().load();
    void useConnections.getState().load();
    void useLock.getState().load();
    return api.on('app:notice', (notice) => useNotices.getState().push(notice.level, notice.message, notice.code));
  }, []);
  const page = useNav((s) => s.page);

  return (
    <div className="app">
      <Rail />
      <div className="workspace">
        <TopBar />
        <main className="page" id="main" key={page}>
          <Page />
        </main>
      </div>
      <CommandPalette />
      <Notices />
    </div>
  );
}
