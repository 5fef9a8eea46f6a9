import { useEffect } from 'react';
import { AuditPage } from './features/audit/AuditPage';
import { ConnectionsPage } from './features/connections/ConnectionsPage';
import { DiffPage } from './features/diff/DiffPage';
import { HistoryPage } from './features/history/HistoryPage';
import { PoliciesPage } from './features/policies/PoliciesPage';
import { RotationPage } from './features/rotation/RotationPage';
import { SecretsPage } from './features/secrets/SecretsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { api } from './api';
import { EditDialogs } from './features/edit/EditDialogs';
import { EnrollDialog } from './features/mfa/EnrollDialog';
import { LockScreen } from './features/mfa/LockScreen';
import { StepUpDialog } from './features/mfa/StepUpDialog';
import { useActivityPing } from './features/mfa/useActivityPing';
import { useConnections } from './stores/connections';
import { useMfa } from './stores/mfa';
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
    case 'history':
      return <HistoryPage />;
    case 'diff':
      return <DiffPage />;
    case 'rotation':
      return <RotationPage />;
    case 'policies':
      return <PoliciesPage />;
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
  const ready = useMfa((s) => s.ready);
  const locked = useMfa((s) => s.status?.locked === true);
  const enrolled = useMfa((s) => s.status?.enrolled === true);
  useActivityPing(enrolled && !locked);
  useEffect(() => {
    void useSettings.getState().load();
    void useMfa.getState().load();
    return api.on('app:notice', (notice) => useNotices.getState().push(notice.level, notice.message, notice.code));
  }, []);
  // While locked main answers LOCKED: read connections once unlocked (again after each unlock).
  useEffect(() => {
    if (ready && !locked) void useConnections.getState().load();
  }, [ready, locked]);
  const page = useNav((s) => s.page);

  if (!ready) return null;
  if (locked) return <LockScreen />;
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
      <EditDialogs />
      <StepUpDialog />
      <EnrollDialog />
      <Notices />
    </div>
  );
}
