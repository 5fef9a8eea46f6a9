import { useMemo } from 'react';
import { PAGES } from '../pages';
import { useConnections } from '../stores/connections';
import { useEdit } from '../stores/edit';
import { lockNow, useMfa } from '../stores/mfa';
import { useNav } from '../stores/nav';
import { useNotices } from '../stores/notices';
import { useSecrets } from '../stores/secrets';
import { useSettings } from '../stores/settings';
import type { Command } from './command-filter';

/** The palette's commands: go to each page, open the sandbox, refresh connections, switch theme, two-factor and lock. */
export function useCommands(): Command[] {
  const go = useNav((s) => s.go);
  const openSandbox = useConnections((s) => s.openSandbox);
  const reload = useConnections((s) => s.load);
  const update = useSettings((s) => s.update);
  const push = useNotices((s) => s.push);
  const enrolled = useMfa((s) => s.status?.enrolled === true);

  return useMemo(() => {
    const pages: Command[] = PAGES.map((page) => ({
      id: `go:${page.id}`,
      label: `Go to ${page.label}`,
      group: 'Navigate',
      hint: `G ${page.key.toUpperCase()}`,
      run: () => go(page.id),
    }));
    const theme = (value: 'system' | 'light' | 'dark', label: string): Command => ({
      id: `theme:${value}`,
      label,
      group: 'Theme',
      keywords: 'appearance colour color mode',
      run: () =>
        void update({ theme: value }).then((refusal) => {
          if (refusal) push('error', refusal);
        }),
    });
    return [
      ...pages,
      {
        id: 'sandbox:open',
        label: 'Open the sandbox',
        group: 'Actions',
        keywords: 'demo local vault aws azure',
        run: () => {
          go('secrets');
          void openSandbox();
        },
      },
      {
        id: 'edit:new-secret',
        label: 'New secret',
        group: 'Actions',
        keywords: 'create add secret write',
        run: () => useEdit.getState().open({ kind: 'create', environmentId: useSecrets.getState().environmentId }),
      },
      {
        id: 'connections:refresh',
        label: 'Refresh connections',
        group: 'Actions',
        keywords: 'reload list',
        run: () => void reload().then(() => push('info', 'Connections refreshed')),
      },
      {
        id: 'mfa:enroll',
        label: enrolled ? 'Set up a new authenticator' : 'Set up two-factor authentication',
        group: 'Security',
        keywords: 'mfa totp 2fa second factor authenticator enroll',
        run: () => {
          go('settings');
          useMfa.getState().setEnrollOpen(true);
        },
      },
      ...(enrolled
        ? [
            { id: 'mfa:lock', label: 'Lock Keyhole', group: 'Security', keywords: 'lock screen away', hint: 'Ctrl L', run: lockNow },
            {
              id: 'mfa:step-up',
              label: 'Step up now',
              group: 'Security',
              keywords: 'mfa totp 2fa second factor grant code',
              run: () => void useMfa.getState().requestStepUp({ purpose: 'Start a step-up now, for the next protected reveal, copy or change.' }),
            },
          ]
        : []),
      theme('system', 'Theme: follow the system'),
      theme('light', 'Theme: light'),
      theme('dark', 'Theme: dark'),
    ];
  }, [go, openSandbox, reload, update, push, enrolled]);
}
