/**
 * A rotation killed at every step and resumed: the Keyhole side is a child process (the crash
 * driver) SIGKILLed right after a step's effect and before the step is recorded; the Vault is the
 * out-of-process sandbox, so its state survives; PostgreSQL is a real server. After the resume the
 * database, the secret store and Keyhole's own record must agree.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import vault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationPlan, RotationView } from '../../../../shared/ipc/channels/rotation';
import { ROTATION_STEPS } from '../../../../shared/ipc/channels/rotation';
import { postgresSkipReason, startPostgres, type PostgresServer } from '../../testing/postgres';
import { KeytarCredentialStore } from '../../platform/keychain';
import { canLogin } from './postgres-target';
import { scramVerifier } from './scram';

const POLICY = { length: 20, lower: true, upper: true, digits: true, symbols: false, exclude: '' };

describe.skipIf(postgresSkipReason !== '')(`rotation crash and resume${postgresSkipReason ? ` (skipped: ${postgresSkipReason})` : ''}`, () => {
  let server: PostgresServer;
  let sandbox: ChildProcess;
  let sandboxDir: string;
  let info: { vault: { url: string; token: string } };
  const keychainService = `Keyhole-test-${randomUUID()}`;

  beforeAll(async () => {
    sandboxDir = mkdtempSync(join(tmpdir(), 'keyhole-crash-sandbox-'));
    sandbox = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/main/sandbox/cli.ts', '--data-dir', sandboxDir, '--seed', '3', '--providers', 'vault'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line, pg] = await Promise.all([
      new Promise<string>((resolve, reject) => {
        createInterface({ input: sandbox.stdout! }).once('line', resolve);
        sandbox.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
      }),
      startPostgres(),
    ]);
    info = JSON.parse(line) as typeof info;
    server = pg;
  }, 60_000);

  afterAll(async () => {
    if (sandbox) {
      const exited = new Promise((resolve) => sandbox.once('exit', resolve));
      sandbox.kill('SIGTERM');
      await exited;
    }
    await server?.stop();
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  function driver(args: string[]): Promise<{ signal: NodeJS.Signals | null; lines: Array<{ final?: RotationView; found?: RotationView }> }> {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'electron/main/core/rotation/testing/crash-driver.ts',
          '--keychain-service',
          keychainService,
          '--vault-url',
          info.vault.url,
          '--vault-token',
          info.vault.token,
          ...args,
        ],
        { timeout: 60_000 },
        (error, stdout, stderr) => {
          const signal = error && 'signal' in error ? (error.signal as NodeJS.Signals | null) : null;
          if (error && signal !== 'SIGKILL') return reject(new Error(`driver failed: ${stderr}`));
          resolve({
            signal,
            lines: stdout
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as { final?: RotationView; found?: RotationView }),
          });
        },
      );
    });
  }

  const login = (user: string, password: string) => canLogin({ host: server.host, port: server.port, user, password, database: 'postgres' });

  it.each(ROTATION_STEPS)(
    'killed right after %s, resumed on the next start: database, secret and record agree',
    async (step) => {
      const roleName = `crash_${step}`;
      const old = `Crash-${step}-old-Pq7Z`;
      const admin = await server.admin();
      await admin.query(`CREATE ROLE ${roleName} LOGIN PASSWORD ${admin.escapeLiteral(scramVerifier(old))}`);
      await admin.end();
      const client = vault({ endpoint: info.vault.url, token: info.vault.token, noCustomHTTPVerbs: true });
      const path = `kv/data/staging/crash/${step}`;
      const fields = { host: server.host, port: String(server.port), username: roleName, password: old, dbname: 'postgres' };
      await client.write(path, { data: fields });

      const dataDir = mkdtempSync(join(tmpdir(), 'keyhole-crash-core-'));
      try {
        const plan: Omit<RotationPlan, 'secret'> & { secret: { environmentId: string; name: string } } = {
          secret: { environmentId: '00000000-0000-4000-8000-000000000000', name: `crash/${step}` },
          field: 'password',
          generator: { kind: 'random', policy: POLICY },
          target: { kind: 'postgres', strategy: 'single', connectWith: { source: 'self' } },
          validators: [{ kind: 'postgres-login' }],
        };
        const killed = await driver(['--data-dir', dataDir, '--mode', 'run', '--plan', JSON.stringify(plan), '--crash-at', step]);
        expect(killed.signal).toBe('SIGKILL');
        expect(killed.lines.find((l) => l.final)).toBeUndefined();

        const resumed = await driver(['--data-dir', dataDir, '--mode', 'resume']);
        const found = resumed.lines.find((l) => l.found)!.found!;
        // The next start shows where it stopped: the killed step is still marked running.
        expect(found.status).toBe('interrupted');
        expect(found.steps.find((s) => s.status === 'running')?.name).toBe(step);
        const final = resumed.lines.find((l) => l.final)!.final!;
        expect(final.status, JSON.stringify(final)).toBe('completed');
        expect(final.steps.every((s) => s.status === 'done')).toBe(true);

        const stored = (await client.read(path)) as { data: { data: Record<string, string>; metadata: { version: number } } };
        const next = stored.data.data.password!;
        expect(next).not.toBe(old);
        expect(stored.data.metadata.version).toBe(2);
        expect(await login(roleName, next)).toBe(true);
        expect(await login(roleName, old)).toBe(false);
        // The escrow's key is gone from the keychain once the rotation finished.
        expect(await new KeytarCredentialStore({ service: keychainService }).get(`rotation:${final.id}`)).toBeNull();
        expect(server.log()).not.toContain(next);
        expect(server.log()).not.toContain(old);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
  it('killed while undoing a failed validation, the next start finishes the undo: the role keeps its old password', async () => {
    const roleName = 'crash_undo';
    const old = 'Crash-undo-old-Hw4K';
    const admin = await server.admin();
    await admin.query(`CREATE ROLE ${roleName} LOGIN PASSWORD ${admin.escapeLiteral(scramVerifier(old))}`);
    await admin.end();
    const client = vault({ endpoint: info.vault.url, token: info.vault.token, noCustomHTTPVerbs: true });
    const path = 'kv/data/staging/crash/undo';
    await client.write(path, { data: { host: server.host, port: String(server.port), username: roleName, password: old, dbname: 'postgres' } });
    const dataDir = mkdtempSync(join(tmpdir(), 'keyhole-crash-core-'));
    try {
      const plan = {
        secret: { environmentId: '00000000-0000-4000-8000-000000000000', name: 'crash/undo' },
        field: 'password',
        generator: { kind: 'random', policy: POLICY },
        target: { kind: 'postgres', strategy: 'single', connectWith: { source: 'self' } },
        // Nothing listens on port 9 of loopback: the validator fails after apply.
        validators: [{ kind: 'http', url: 'http://127.0.0.1:9/health', header: 'Authorization', prefix: 'Bearer ' }],
      };
      const killed = await driver(['--data-dir', dataDir, '--mode', 'run', '--plan', JSON.stringify(plan), '--crash-at', 'undo-apply']);
      expect(killed.signal).toBe('SIGKILL');
      const resumed = await driver(['--data-dir', dataDir, '--mode', 'resume']);
      expect(resumed.lines.find((l) => l.found)!.found!.status).toBe('interrupted');
      const final = resumed.lines.find((l) => l.final)!.final!;
      expect(final.status, JSON.stringify(final)).toBe('rolled-back');
      expect(final.error?.message).toContain('Validate failed');
      expect(final.steps.find((s) => s.name === 'apply')!.status).toBe('undone');
      expect(await login(roleName, old)).toBe(true);
      const stored = (await client.read(path)) as { data: { data: Record<string, string>; metadata: { version: number } } };
      expect(stored.data.metadata.version).toBe(1);
      expect(stored.data.data.password).toBe(old);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
