import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Environment } from '../../../shared/connections';
import type { ConnectionView } from '../../../shared/ipc/contract';
import type { Command } from './command-filter';

const STAGING = '00000000-0000-4000-8000-000000000001';
const PRODUCTION = '00000000-0000-4000-8000-000000000002';
const calls: string[] = [];

const fakeApi = {
  on: () => () => undefined,
  policy: {
    list: async () => {
      calls.push('policy:list');
      return { policies: [{ scope: { kind: 'environment', environmentId: STAGING }, intervalDays: 90, updatedAt: 'x' }] };
    },
    due: () => {
      calls.push('policy:due');
      return new Promise(() => undefined);
    },
  },
};

type Module = typeof import('./useCommands');
let workflowCommands: Module['workflowCommands'];
let naturalEnvironment: Module['naturalEnvironment'];
let stores: {
  nav: (typeof import('../stores/nav'))['useNav'];
  policies: (typeof import('../stores/policies'))['usePolicies'];
  secrets: (typeof import('../stores/secrets'))['useSecrets'];
  connections: (typeof import('../stores/connections'))['useConnections'];
  rotation: (typeof import('../stores/rotation'))['useRotation'];
  bulk: (typeof import('../stores/bulk-rotation'))['useBulkRotation'];
  mfa: (typeof import('../stores/mfa'))['useMfa'];
  diff: (typeof import('../stores/diff'))['useDiff'];
};

beforeAll(async () => {
  vi.stubGlobal('window', { keyhole: fakeApi });
  ({ workflowCommands, naturalEnvironment } = await import('./useCommands'));
  stores = {
    nav: (await import('../stores/nav')).useNav,
    policies: (await import('../stores/policies')).usePolicies,
    secrets: (await import('../stores/secrets')).useSecrets,
    connections: (await import('../stores/connections')).useConnections,
    rotation: (await import('../stores/rotation')).useRotation,
    bulk: (await import('../stores/bulk-rotation')).useBulkRotation,
    mfa: (await import('../stores/mfa')).useMfa,
    diff: (await import('../stores/diff')).useDiff,
  };
  stores.connections.setState({
    connections: [{ id: 'c1', name: 'Sandbox Vault', config: { kind: 'vault' } } as unknown as ConnectionView],
    environments: [
      { id: STAGING, connectionId: 'c1', name: 'staging', protected: false } as unknown as Environment,
      { id: PRODUCTION, connectionId: 'c1', name: 'production', protected: true } as unknown as Environment,
    ],
  });
});

afterAll(() => vi.unstubAllGlobals());

beforeEach(() => {
  calls.length = 0;
  stores.nav.setState({ page: 'secrets' });
  stores.policies.setState({ environmentId: '', editing: null, bulkOpen: false });
  stores.secrets.setState({ environmentId: null });
});

const base = { page: 'secrets' as const, enrolled: false, policySelection: 0, environment: null };
const byId = (commands: Command[], id: string): Command => {
  const command = commands.find((c) => c.id === id);
  if (!command) throw new Error(`no command ${id}`);
  return command;
};
const ids = (commands: Command[]) => commands.map((c) => c.id);

describe('workflow commands', () => {
  it('offers the rotation, policy and promotion commands, and the two-factor ones only when enrolled', () => {
    const off = workflowCommands(base);
    expect(ids(off)).toEqual(['policies:refresh', 'policies:environment', 'rotation:new', 'rotation:bulk', 'diff:promotions']);
    const on = workflowCommands({ ...base, enrolled: true });
    expect(ids(on)).toContain('mfa:recovery-codes');
    expect(ids(on)).toContain('mfa:turn-off');
    expect(byId(on, 'mfa:recovery-codes').label).toBe('New recovery codes…');
    expect(byId(on, 'mfa:turn-off').label).toBe('Turn off two-factor…');
  });

  it('offers "rotate selected" only on the Policies page with rows selected, counting them', () => {
    expect(ids(workflowCommands({ ...base, policySelection: 3 }))).not.toContain('policies:rotate-selected');
    expect(ids(workflowCommands({ ...base, page: 'policies' }))).not.toContain('policies:rotate-selected');
    const three = workflowCommands({ ...base, page: 'policies', policySelection: 3 });
    expect(byId(three, 'policies:rotate-selected').label).toBe('Rotate 3 selected secrets…');
    expect(byId(workflowCommands({ ...base, page: 'policies', policySelection: 1 }), 'policies:rotate-selected').label).toBe(
      'Rotate the selected secret…',
    );
    byId(three, 'policies:rotate-selected').run();
    expect(stores.policies.getState().bulkOpen).toBe(true);
  });

  it('the due report opens the Policies page, or is built again when already there', () => {
    byId(workflowCommands(base), 'policies:refresh').run();
    expect(stores.nav.getState().page).toBe('policies');
    expect(calls).toEqual([]);
    byId(workflowCommands({ ...base, page: 'policies' }), 'policies:refresh').run();
    expect(calls).toEqual(['policy:due']);
  });

  it('the environment is the Policies filter first, then the Secrets page, and only a listed one', () => {
    expect(naturalEnvironment()).toBeNull();
    stores.secrets.setState({ environmentId: 'gone' });
    expect(naturalEnvironment()).toBeNull();
    stores.secrets.setState({ environmentId: PRODUCTION });
    expect(naturalEnvironment()).toEqual({ id: PRODUCTION, name: 'Sandbox Vault / production' });
    stores.policies.setState({ environmentId: STAGING });
    expect(naturalEnvironment()).toEqual({ id: STAGING, name: 'Sandbox Vault / staging' });
  });

  it('opens the environment policy dialog with the interval in force, or just the page without an environment', async () => {
    const without = byId(workflowCommands(base), 'policies:environment');
    expect(without.label).toBe('Set environment rotation policy…');
    without.run();
    expect(stores.nav.getState().page).toBe('policies');
    expect(stores.policies.getState().editing).toBeNull();

    stores.nav.setState({ page: 'secrets' });
    const command = byId(workflowCommands({ ...base, environment: { id: STAGING, name: 'Sandbox Vault / staging' } }), 'policies:environment');
    expect(command.label).toBe('Set environment rotation policy for Sandbox Vault / staging…');
    command.run();
    expect(stores.nav.getState().page).toBe('policies');
    await vi.waitFor(() => expect(stores.policies.getState().editing).not.toBeNull());
    expect(calls).toContain('policy:list');
    expect(stores.policies.getState().editing).toMatchObject({
      scope: { kind: 'environment', environmentId: STAGING },
      label: 'Sandbox Vault / staging',
      current: 90,
    });
  });

  it('rotation, bulk rotation, two-factor and promotions commands go to their page and open what its button opens', () => {
    const commands = workflowCommands({ ...base, enrolled: true });
    byId(commands, 'rotation:new').run();
    expect(stores.nav.getState().page).toBe('rotation');
    expect(stores.rotation.getState().planning).toBe(true);

    stores.nav.setState({ page: 'secrets' });
    byId(commands, 'rotation:bulk').run();
    expect(stores.nav.getState().page).toBe('rotation');
    expect(stores.bulk.getState().picking).toBe(true);

    byId(commands, 'mfa:recovery-codes').run();
    expect(stores.nav.getState().page).toBe('settings');
    expect(stores.mfa.getState().settingsDialog).toBe('codes');
    byId(commands, 'mfa:turn-off').run();
    expect(stores.mfa.getState().settingsDialog).toBe('off');

    byId(commands, 'diff:promotions').run();
    expect(stores.nav.getState().page).toBe('diff');
    expect(stores.diff.getState().revealPromotions).toBe(true);
  });
});
