import type { SecretSummary } from '../shared/domain';
import type { JobView } from '../shared/ipc/contract';
import { composeCore } from '../electron/main/compose-core';
import type { Core } from '../electron/main/core/core';
import { silentLogger } from '../electron/main/core/logger';
import type { CredentialStore } from '../electron/main/core/ports';
import { systemClock } from '../electron/main/core/system-clock';
import type { SandboxConnectionDefinition } from '../electron/main/sandbox/start';

/** The bench's keychain: a map in memory (the bench measures providers, not the OS keychain). */
export function memoryKeychain(): CredentialStore {
  const entries = new Map<string, string>();
  return {
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}

export interface BenchCore {
  core: Core;
  /** Environment ids by `${provider}:${environment name}`. */
  environments: Map<string, string>;
  /** Resolves with the job's final view. */
  finished(jobId: string): Promise<JobView>;
  /** Listed items per job, kept only as names unless `keepItems`. */
  listed(jobId: string): SecretSummary[];
  close(): Promise<void>;
}

/**
 * The app's Core (real adapters, real store, real jobs) with connections to an already running
 * sandbox. `keepItems` keeps the streamed pages (the renderer's side); otherwise a page is
 * serialised once, as IPC would, and dropped.
 */
export async function buildBenchCore(dataDir: string, definitions: SandboxConnectionDefinition[], keepItems = true): Promise<BenchCore> {
  const finals = new Map<string, JobView>();
  const waiters = new Map<string, (view: JobView) => void>();
  const items = new Map<string, SecretSummary[]>();
  const core = composeCore({
    dataDir,
    keychain: memoryKeychain(),
    clock: systemClock,
    logger: silentLogger,
    shell: 'e2e-host',
    version: 'bench',
    emit: (event, payload) => {
      if (event === 'secrets:page') {
        const page = payload as { jobId: string; items: SecretSummary[] };
        if (!keepItems) return void JSON.stringify(page);
        const list = items.get(page.jobId) ?? [];
        for (const item of page.items) list.push(item);
        items.set(page.jobId, list);
      }
      if (event === 'job:progress') {
        const view = payload as JobView;
        if (view.state === 'running') return;
        finals.set(view.id, view);
        waiters.get(view.id)?.(view);
      }
    },
  });
  const environments = new Map<string, string>();
  for (const definition of definitions) {
    const connection = await core.connections.create({ ...definition.connection, readOnly: true });
    for (const environment of definition.environments) {
      const created = await core.connections.createEnvironment({ connectionId: connection.id, ...environment, protected: false });
      environments.set(`${definition.connection.config.kind}:${environment.name}`, created.id);
    }
  }
  return {
    core,
    environments,
    finished: (jobId) =>
      new Promise((resolve) => {
        const done = finals.get(jobId);
        if (done) resolve(done);
        else waiters.set(jobId, resolve);
      }),
    listed: (jobId) => items.get(jobId) ?? [],
    close: () => core.close(),
  };
}

/**
 * Runs `task` and answers its wall time and this process's CPU time in milliseconds (the CPU time
 * includes the in-process sandbox servers': on a loaded machine it shows how much of the wall
 * time was spent waiting for a core).
 */
export async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await task();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}
