import type { ConnectionSecrets, VaultConnectionConfig, VaultScope } from '../../../../../shared/connections';
import { KeyholeError } from '../../../../../shared/errors';
import { generateSeed, type SeedOptions } from '../../../sandbox/seed/generate';
import type { Seed } from '../../../sandbox/seed/model';
import type { SandboxServer } from '../../../sandbox/server-handle';
import { startVaultSandbox, type VaultSandboxExtras, type VaultSandboxInfo } from '../../../sandbox/vault';
import { silentLogger } from '../../logger';
import type { Clock } from '../../ports';
import { systemClock } from '../../system-clock';
import type { Provider } from '../provider';
import { createVaultProvider } from './index';
import type { VaultProviderDeps } from './session';

/** Test support: a Vault sandbox and adapters bound to it, closed together. */
export interface VaultFixture {
  server: SandboxServer<VaultSandboxInfo>;
  seed: Seed;
  tokenConfig(extra?: Partial<VaultConnectionConfig>): VaultConnectionConfig;
  scope(environment: 'staging' | 'production' | string): VaultScope;
  provider(options?: {
    config?: VaultConnectionConfig;
    secrets?: ConnectionSecrets;
    scope?: VaultScope;
    deps?: Partial<VaultProviderDeps>;
  }): Provider;
  close(): Promise<void>;
}

export function testDeps(extra: Partial<VaultProviderDeps> = {}): VaultProviderDeps {
  return { clock: systemClock, logger: silentLogger, ...extra };
}

export async function startVaultFixture(options: { seed?: SeedOptions; vault?: VaultSandboxExtras } = {}): Promise<VaultFixture> {
  const seed = generateSeed({ count: 30, seed: 9, ...options.seed });
  const server = await startVaultSandbox({ seed, ...(options.vault ? { vault: options.vault } : {}) });
  const providers: Provider[] = [];
  const fixture: VaultFixture = {
    server,
    seed,
    tokenConfig: (extra = {}) => ({ kind: 'vault', address: server.info.url, auth: { method: 'token' }, ...extra }) as VaultConnectionConfig,
    scope: (environment) => ({
      kind: 'vault',
      mount: server.info.mount,
      prefix: environment === 'staging' || environment === 'production' ? server.info.prefixes[environment] : environment,
    }),
    provider: (p = {}) => {
      const provider = createVaultProvider(
        p.config ?? fixture.tokenConfig(),
        p.secrets ?? { token: server.info.token },
        p.scope ?? fixture.scope('staging'),
        testDeps(p.deps),
      );
      providers.push(provider);
      return provider;
    },
    close: async () => {
      await Promise.all(providers.map((p) => p.close()));
      await server.close();
    },
  };
  return fixture;
}

/** Every page of a provider's list, flattened. */
export async function listAll(provider: Provider, signal?: AbortSignal): Promise<{ names: string[]; pages: number[] }> {
  const names: string[] = [];
  const pages: number[] = [];
  for await (const page of provider.list(signal ? { signal } : {})) {
    pages.push(page.items.length);
    names.push(...page.items.map((item) => item.name));
  }
  return { names, pages };
}

/** A Clock that only moves when told: sleeps resolve as `advance` passes their deadline. */
export class ManualClock implements Clock {
  private timers: Array<{ at: number; resolve: () => void }> = [];

  constructor(private time = Date.parse('2025-06-01T00:00:00.000Z')) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new KeyholeError('CANCELLED'));
      const timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(new KeyholeError('CANCELLED'));
        },
        { once: true },
      );
    });
  }

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const timer of due) timer.resolve();
  }
}

/** Waits (in real time) until `condition` holds. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
