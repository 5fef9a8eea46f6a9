import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretSummary } from '../../shared/domain';
import { composeCore } from './compose-core';
import type { Core } from './core/core';
import { silentLogger } from './core/logger';
import { systemClock } from './core/system-clock';
import { testKeychain } from './core/testing/test-keychain';
import { useTempDir } from './core/testing/temp-dir';
import type { SandboxInfo } from './sandbox/start';
import { filesContaining } from './testing/leak-scan';

const CANARY = 'kh-core-canary-7Qx2';

describe('core composed over the embedded sandbox', () => {
  const tempDir = useTempDir();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  function build(dataDir = tempDir(), keychain = testKeychain()) {
    const pages: Array<{ environmentId: string; items: SecretSummary[] }> = [];
    const jobs: Array<{ id: string; state: string; done: number }> = [];
    const core = composeCore({
      dataDir,
      keychain,
      clock: systemClock,
      logger: silentLogger,
      emit: (event, payload) => {
        if (event === 'secrets:page') pages.push(payload as (typeof pages)[number]);
        if (event === 'job:progress') jobs.push(payload as (typeof jobs)[number]);
      },
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 60 },
    });
    cores.push(core);
    return { core, pages, jobs, dataDir, keychain };
  }

  async function finished(jobs: Array<{ id: string; state: string }>, id: string) {
    for (let i = 0; i < 300; i += 1) {
      const last = jobs.filter((job) => job.id === id).at(-1);
      if (last && last.state !== 'running') return last;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('job did not finish');
  }

  it('opens the sandbox: one connection per provider, staging and a protected production, all browsable', async () => {
    const { core, pages, jobs } = build();
    const ids = await core.sandbox.open();
    expect(ids).toHaveLength(3);
    const { connections, environments } = await core.connections.list();
    expect(connections.map((c) => c.config.kind).sort()).toEqual(['aws', 'azure', 'vault']);
    expect(connections.every((c) => c.hasCredential && c.sandbox)).toBe(true);
    expect(environments.map((e) => `${e.name}:${e.protected}`).sort()).toEqual([
      'production:true',
      'production:true',
      'production:true',
      'staging:false',
      'staging:false',
      'staging:false',
    ]);
    for (const connection of connections) {
      const check = await core.connections.check(connection.id);
      expect(check, connection.config.kind).toMatchObject({ reachable: true, authenticated: true, error: null });
      expect(check.principal).toBeTruthy();
    }
    for (const environment of environments) {
      const jobId = core.inventory.load(environment.id);
      expect(await finished(jobs, jobId)).toMatchObject({ state: 'done' });
      const names = pages.filter((p) => p.environmentId === environment.id).flatMap((p) => p.items.map((i) => i.name));
      expect(names.length, environment.name).toBeGreaterThan(40);
      expect(names.some((name) => name.includes('canary'))).toBe(true);
    }
    // Opening again reuses the connections.
    expect((await core.sandbox.open()).sort()).toEqual([...ids].sort());
  });

  it('keeps every credential out of SQLite and the data folder (outside the sandbox own synthetic data)', async () => {
    const { core, dataDir } = build();
    await core.sandbox.open();
    const info = core.sandbox.info() as SandboxInfo;
    const credentials = [info.vault?.token, info.aws?.secretAccessKey, info.azure?.clientSecret].filter((v): v is string => v !== undefined);
    expect(credentials).toHaveLength(3);
    await core.connections.create({
      name: 'Typed token',
      config: { kind: 'vault', address: info.vault!.url, auth: { method: 'token' } },
      readOnly: true,
      secrets: { token: 'kh-typed-token-canary-91' },
    });
    await core.close();
    cores.length = 0;
    const leaks = filesContaining(dataDir, [...credentials, 'kh-typed-token-canary-91', CANARY]).filter(
      (file) => !file.startsWith(join(dataDir, 'sandbox')),
    );
    expect(leaks).toEqual([]);
  });

  it('reports a wrong credential as unauthenticated, naming nothing secret', async () => {
    const { core } = build();
    await core.sandbox.open();
    const info = core.sandbox.info() as SandboxInfo;
    const wrong = await core.connections.create({
      name: 'Wrong token',
      config: { kind: 'vault', address: info.vault!.url, auth: { method: 'token' } },
      readOnly: false,
      secrets: { token: 'kh-wrong-token-canary' },
    });
    const check = await core.connections.check(wrong.id);
    expect(check).toMatchObject({ reachable: true, authenticated: false, error: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(check)).not.toContain('kh-wrong-token-canary');
    const gone = await core.connections.create({
      name: 'Nothing there',
      config: { kind: 'vault', address: 'http://127.0.0.1:9', auth: { method: 'token' } },
      readOnly: false,
      secrets: { token: 't' },
    });
    expect(await core.connections.check(gone.id)).toMatchObject({ reachable: false, error: { code: 'UNAVAILABLE' } });
  });

  it('refuses protected changes without a step-up, audits the refusal and changes nothing', async () => {
    const { core } = build();
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    const vault = connections.find((c) => c.config.kind === 'vault')!;
    const production = environments.find((e) => e.connectionId === vault.id && e.protected)!;
    await expect(core.connections.updateEnvironment({ id: production.id, protected: false })).rejects.toMatchObject({ code: 'PROTECTED_CHANGE' });
    await expect(
      core.connections.update({ id: vault.id, config: { kind: 'vault', address: 'http://127.0.0.1:1', auth: { method: 'token' } } }),
    ).rejects.toMatchObject({ code: 'PROTECTED_CHANGE' });
    expect(core.connections.environment(production.id).protected).toBe(true);
    expect(core.connections.connection(vault.id).config).toEqual(vault.config);
    const refused = core.audit.list(10).filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.action).sort()).toEqual(['connection.update', 'environment.update']);
    // Renaming is not protected.
    expect((await core.connections.update({ id: vault.id, name: 'Renamed' })).name).toBe('Renamed');
  });

  it('wipes the stored credential when an unprotected connection moves its endpoint', async () => {
    const { core } = build();
    await core.sandbox.open();
    const info = core.sandbox.info() as SandboxInfo;
    const created = await core.connections.create({
      name: 'Mine',
      config: { kind: 'vault', address: info.vault!.url, auth: { method: 'token' } },
      readOnly: false,
      secrets: { token: info.vault!.token },
    });
    const moved = await core.connections.update({
      id: created.id,
      config: { kind: 'vault', address: 'http://127.0.0.1:8201', auth: { method: 'token' } },
    });
    expect(moved.hasCredential).toBe(false);
    expect(await core.credentials.get(created.id)).toEqual({});
  });

  it('refuses non-loopback endpoints under the host policy', async () => {
    const dataDir = tempDir();
    const { core } = build(dataDir);
    await expect(
      core.connections.create({
        name: 'x',
        config: { kind: 'vault', address: 'https://vault.example.com', auth: { method: 'token' } },
        readOnly: false,
        secrets: {},
      }),
    ).resolves.toBeTruthy();
    const strict = composeCore({
      ...core.options,
      dataDir: tempDir(),
      endpointPolicy: { config: () => false, scope: () => false },
    });
    cores.push(strict);
    await expect(
      strict.connections.create({
        name: 'x',
        config: { kind: 'vault', address: 'https://vault.example.com', auth: { method: 'token' } },
        readOnly: false,
        secrets: {},
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('resumes sandbox connections after a restart on the same data', async () => {
    const dataDir = tempDir();
    const keychain = testKeychain();
    const first = build(dataDir, keychain);
    await first.core.sandbox.open();
    await first.core.close();
    cores.length = 0;
    const second = build(dataDir, keychain);
    await second.core.sandbox.resume();
    const { connections } = await second.core.connections.list();
    for (const connection of connections) {
      expect(await second.core.connections.check(connection.id), connection.config.kind).toMatchObject({ authenticated: true });
    }
  });
});
