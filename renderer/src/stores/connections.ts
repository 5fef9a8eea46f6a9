import { create } from 'zustand';
import type { Environment } from '../../../shared/connections';
import type { ConnectionView } from '../../../shared/ipc/contract';
import { api } from '../api';
import { explain, shownError } from '../errors';

export type SandboxPhase = { state: 'idle' } | { state: 'opening'; startedAt: number } | { state: 'failed'; message: string };

interface ConnectionsState {
  connections: ConnectionView[];
  environments: Environment[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  sandbox: SandboxPhase;
  /** The Add connection form is open (the first-run welcome can open it from another page). */
  addOpen: boolean;
  setAddOpen(open: boolean): void;
  load(): Promise<void>;
  openSandbox(): Promise<void>;
}

export const useConnections = create<ConnectionsState>()((set, get) => ({
  connections: [],
  environments: [],
  status: 'idle',
  error: null,
  sandbox: { state: 'idle' },
  addOpen: false,
  setAddOpen: (addOpen) => set({ addOpen }),
  load: async () => {
    if (get().status === 'idle') set({ status: 'loading' });
    try {
      const { connections, environments } = await api.connections.list({});
      set({ connections, environments, status: 'ready', error: null });
    } catch (error) {
      set({ status: 'failed', error: explain(shownError(error)) });
    }
  },
  openSandbox: async () => {
    if (get().sandbox.state === 'opening') return;
    set({ sandbox: { state: 'opening', startedAt: Date.now() } });
    try {
      await api.sandbox.open({});
      await get().load();
      set({ sandbox: { state: 'idle' } });
    } catch (error) {
      set({ sandbox: { state: 'failed', message: explain(shownError(error)) } });
    }
  },
}));

/** A connection's environments in the order they were added (staging before production for the sandbox). */
export function environmentsOf(environments: readonly Environment[], connectionId: string): Environment[] {
  return environments.filter((environment) => environment.connectionId === connectionId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
