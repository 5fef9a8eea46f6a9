import { useMemo } from 'react';
import { environmentLabel } from '../features/policies/labels';
import { policyTargetForEnvironment } from '../features/policies/open';
import { PAGES, type PageId } from '../pages';
import { useBulkRotation } from '../stores/bulk-rotation';
import { useConnections } from '../stores/connections';
import { useDiff } from '../stores/diff';
import { useEdit } from '../stores/edit';
import { lockNow, useMfa } from '../stores/mfa';
import { useNav } from '../stores/nav';
import { useNotices } from '../stores/notices';
import { usePolicies } from '../stores/policies';
import { useRotation } from '../stores/rotation';
import { useSecrets } from '../stores/secrets';
import { useSettings } from '../stores/settings';
import type { Command } from './command-filter';

/** What the workflow commands depend on: which show, and what they are called. */
export interface WorkflowContext {
  page: PageId;
  enrolled: boolean;
  /** Rows selected in the Policies page's due table. */
  policySelection: number;
  /** The environment an environment policy command is for: the Policies page's filter, else the Secrets page's. */
  environment: { id: string; name: string } | null;
}

/** The environment the operator is looking at, if any: the Policies page's choice first, then the Secrets page's. */
export function naturalEnvironment(): WorkflowContext['environment'] {
  const { environments, connections } = useConnections.getState();
  const id = [usePolicies.getState().environmentId, useSecrets.getState().environmentId].find(
    (candidate) => candidate && environments.some((e) => e.id === candidate),
  );
  return id ? { id, name: environmentLabel(environments, connections, id).name } : null;
}

const goTo = (page: PageId) => useNav.getState().go(page);

/**
 * Keyboard ways into rotation policies, rotation, bulk rotation, recovery codes and promotions:
 * each goes to its page and opens what the page's own button opens, through the page's store.
 */
export function workflowCommands(context: WorkflowContext): Command[] {
  const environment = context.environment;
  const commands: Command[] = [
    {
      id: 'policies:refresh',
      label: 'Refresh rotation due report',
      group: 'Rotation',
      keywords: 'policies overdue due soon reload',
      run: () => {
        // The page builds the report when it opens; on the page, build it again.
        if (useNav.getState().page === 'policies') void usePolicies.getState().runDue();
        else goTo('policies');
      },
    },
    {
      id: 'policies:environment',
      label: environment ? `Set environment rotation policy for ${environment.name}…` : 'Set environment rotation policy…',
      group: 'Rotation',
      keywords: 'policies policy interval days',
      run: () => {
        goTo('policies');
        if (!environment) return;
        // The dialog shows the interval now in force: read the policies before opening it.
        void usePolicies
          .getState()
          .loadPolicies()
          .then(() => usePolicies.getState().edit(policyTargetForEnvironment(environment.id)));
      },
    },
  ];
  if (context.page === 'policies' && context.policySelection > 0)
    commands.push({
      id: 'policies:rotate-selected',
      label:
        context.policySelection === 1 ? 'Rotate the selected secret…' : `Rotate ${context.policySelection.toLocaleString('en-US')} selected secrets…`,
      group: 'Rotation',
      keywords: 'rotate selected secrets bulk policies',
      run: () => usePolicies.getState().setBulkOpen(true),
    });
  commands.push(
    {
      id: 'rotation:new',
      label: 'New rotation',
      group: 'Rotation',
      keywords: 'rotate plan start secret password',
      run: () => {
        goTo('rotation');
        useRotation.getState().plan(true);
      },
    },
    {
      id: 'rotation:bulk',
      label: 'Bulk rotation…',
      group: 'Rotation',
      keywords: 'rotate many several secrets',
      run: () => {
        goTo('rotation');
        useBulkRotation.getState().pick(true);
      },
    },
    {
      id: 'diff:promotions',
      label: 'Recent promotions',
      group: 'Diff',
      keywords: 'promote promoted undo history',
      run: () => {
        goTo('diff');
        useDiff.getState().setRevealPromotions(true);
      },
    },
  );
  if (context.enrolled)
    commands.push(
      {
        id: 'mfa:recovery-codes',
        label: 'New recovery codes…',
        group: 'Security',
        keywords: 'mfa totp 2fa two-factor regenerate backup',
        run: () => {
          goTo('settings');
          useMfa.getState().setSettingsDialog('codes');
        },
      },
      {
        id: 'mfa:turn-off',
        label: 'Turn off two-factor…',
        group: 'Security',
        keywords: 'mfa totp 2fa disable remove authenticator',
        run: () => {
          goTo('settings');
          useMfa.getState().setSettingsDialog('off');
        },
      },
    );
  return commands;
}

/** The palette's commands: go to each page, open the sandbox, refresh connections, switch theme, two-factor and lock, and the workflows. */
export function useCommands(): Command[] {
  const go = useNav((s) => s.go);
  const page = useNav((s) => s.page);
  const openSandbox = useConnections((s) => s.openSandbox);
  const reload = useConnections((s) => s.load);
  const update = useSettings((s) => s.update);
  const push = useNotices((s) => s.push);
  const enrolled = useMfa((s) => s.status?.enrolled === true);
  const policySelection = usePolicies((s) => s.selection.keys.size);
  // Read once per palette opening (the palette is mounted only while open).
  const environment = useMemo(() => naturalEnvironment(), []);

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
          goTo('secrets');
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
          goTo('settings');
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
      ...workflowCommands({ page, enrolled, policySelection, environment }),
      theme('system', 'Theme: follow the system'),
      theme('light', 'Theme: light'),
      theme('dark', 'Theme: dark'),
    ];
  }, [go, page, openSandbox, reload, update, push, enrolled, policySelection, environment]);
}
