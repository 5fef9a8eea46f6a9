import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL server of the test's own, on a free loopback port, with every statement logged
 * (log_statement=all) so a test can prove no password ever reached it in plaintext. As root the
 * server runs as the `postgres` user (it refuses to run as root). Tests skip, saying why, when no
 * PostgreSQL binaries are installed.
 */
export const postgresBin = findBin();
export const postgresSkipReason =
  postgresBin === null ? 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin (scripts/bootstrap.sh installs them)' : '';

function findBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}

export interface PostgresServer {
  host: '127.0.0.1';
  port: number;
  /** The superuser (postgres) password, for setting up roles. */
  adminPassword: string;
  /** Everything the server logged so far (statements included). */
  log(): string;
  admin(): Promise<pg.Client>;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

export async function startPostgres(): Promise<PostgresServer> {
  if (postgresBin === null) throw new Error(postgresSkipReason);
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-pg-'));
  const data = join(dir, 'data');
  const adminPassword = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, adminPassword, { mode: 0o600 });
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  if (uid !== undefined && gid !== undefined) {
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  execFileSync(
    ...run(join(postgresBin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--pwfile',
      pwfile,
      '--auth-local=scram-sha-256',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--no-sync',
    ]),
    { stdio: 'ignore' },
  );
  rmSync(pwfile);
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    ...run(join(postgresBin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'log_statement=all',
      '-c',
      'log_connections=on',
      '-c',
      'password_encryption=scram-sha-256',
      '-c',
      'fsync=off',
      '-c',
      'logging_collector=off',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const admin = async () => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: adminPassword, database: 'postgres' });
    await client.connect();
    return client;
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await (await admin()).end();
      break;
    } catch (error) {
      if (attempt > 100 || child.exitCode !== null) throw new Error(`postgres did not start: ${output.slice(-2000)}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    adminPassword,
    log: () => output + safeRead(join(data, 'log')),
    admin,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        execFileSync(...run(join(postgresBin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate']), { stdio: 'ignore' });
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
