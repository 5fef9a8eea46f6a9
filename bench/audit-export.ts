/**
 * `npm run bench:audit [-- --count N --keep]`: a benchmark, not a test. Builds an audit log of
 * N events (default 1,000,000) with correct hashes in a temporary SQLite file, then, in a fresh
 * child process so its peak RSS is the export's own, exports it as CSV and JSON Lines through the
 * app's exporter, times filtered queries and a full verification, and prints the figures against
 * the targets (export under 10 s and under 200 MB peak RSS).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditFilter } from '../shared/audit';
import type { JobView } from '../shared/ipc/contract';
import { AuditExporter } from '../electron/main/core/audit/audit-export';
import { AuditLog } from '../electron/main/core/audit/audit-log';
import { AuditQueries } from '../electron/main/core/audit/audit-query';
import { verifyChain } from '../electron/main/core/audit/verify';
import { JobRegistry } from '../electron/main/core/jobs/job-registry';
import { silentLogger } from '../electron/main/core/logger';
import type { CredentialStore } from '../electron/main/core/ports';
import { openDatabase } from '../electron/main/core/store/database';
import { systemClock } from '../electron/main/core/system-clock';
import { AUDIT_HEAD_ACCOUNT } from '../electron/main/core/audit/audit-log';
import { insertSyntheticEvents } from './audit-fixture';

const TARGET_MS = 10_000;
const TARGET_RSS_MB = 200;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The bench's keychain: a map in memory (the bench measures the store, not the OS keychain). */
function memoryKeychain(): CredentialStore {
  const entries = new Map<string, string>();
  return {
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}

function build(dir: string, count: number): void {
  const db = openDatabase(join(dir, 'keyhole.sqlite'));
  db.pragma('synchronous = OFF');
  const started = performance.now();
  const head = insertSyntheticEvents(db, { count, deferIndexes: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(
    `built ${count.toLocaleString('en')} events (seq ${head.lastSeq}) in ${seconds(performance.now() - started)}; file ${mb(statSync(join(dir, 'keyhole.sqlite')).size)}`,
  );
}

async function measure(dir: string): Promise<void> {
  const db = openDatabase(join(dir, 'keyhole.sqlite'));
  const keychain = memoryKeychain();
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  await keychain.set(AUDIT_HEAD_ACCOUNT, JSON.stringify(last));
  const audit = new AuditLog(db, keychain, systemClock);
  const jobs: JobView[] = [];
  const registry = new JobRegistry((event, payload) => event === 'job:progress' && jobs.push(payload as JobView), systemClock, silentLogger);
  const exportsDir = join(dir, 'exports');
  const exporter = new AuditExporter({
    db,
    audit,
    jobs: registry,
    emit: (event, payload) => event === 'job:progress' && jobs.push(payload as JobView),
    clock: systemClock,
    dir: exportsDir,
    names: async () => ({ connection: () => null, environment: () => null }),
  });
  const rows: Array<[string, string]> = [['load average (1 min) at start', `${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs`]];

  const runExport = async (formats: Array<'csv' | 'jsonl'>, filter: AuditFilter = {}) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { jobId } = await exporter.start(filter, formats);
    for (;;) {
      const state = jobs.filter((job) => job.id === jobId).at(-1);
      if (state && state.state !== 'running') {
        if (state.state !== 'done') throw new Error(`export ${state.state}`);
        const used = process.cpuUsage(cpu);
        return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rows: state.done };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  for (const formats of [['csv', 'jsonl'], ['csv'], ['jsonl']] as Array<Array<'csv' | 'jsonl'>>) {
    const { ms, cpuMs, rows: count } = await runExport(formats);
    const verdict = ms < TARGET_MS ? 'ok' : 'OVER';
    rows.push([
      `export ${formats.join('+')} (${count.toLocaleString('en')} rows)`,
      `${seconds(ms)} wall, ${seconds(cpuMs)} CPU  [target < ${seconds(TARGET_MS)}: ${verdict}]`,
    ]);
  }
  const sizes = readdirSync(exportsDir).map((name) => `${name.split('.').pop()} ${mb(statSync(join(exportsDir, name)).size)}`);
  rows.push(['export file sizes', [...new Set(sizes)].join(', ')]);
  const filtered = await runExport(['csv'], { actions: ['secret.write'], outcomes: ['failure', 'refused'] });
  rows.push([`export csv, filtered (${filtered.rows.toLocaleString('en')} rows)`, seconds(filtered.ms)]);

  const queries = new AuditQueries(db);
  const time = (label: string, fn: () => unknown) => {
    const started = performance.now();
    fn();
    rows.push([label, `${(performance.now() - started).toFixed(1)} ms`]);
  };
  const sample = db.prepare('SELECT connection_id, environment_id, path FROM audit_events WHERE path IS NOT NULL LIMIT 1').get() as {
    connection_id: string;
    environment_id: string;
    path: string;
  };
  time('query page, no filter', () => queries.page({}, 200));
  time('query page, action = secret.write', () => queries.page({ actions: ['secret.write'] }, 200));
  time('query page, 2 actions + failures', () => queries.page({ actions: ['secret.reveal', 'secret.copy'], outcomes: ['failure', 'refused'] }, 200));
  time('query page, connection + environment', () => queries.page({ connectionId: sample.connection_id, environmentId: sample.environment_id }, 200));
  time('query page, one day + action', () =>
    queries.page({ from: '2025-06-01T00:00:00Z', to: '2025-06-02T00:00:00Z', actions: ['secret.reveal'] }, 200),
  );
  time('query page, path substring (scan)', () => queries.page({ pathContains: 'team-3/service-7/' }, 200));
  time('query page, principal', () => queries.page({ principal: 'vault:userpass:alice' }, 200));
  time('histogram, 60 buckets, whole log', () => queries.histogram({}, 60));
  time('histogram, 30 buckets, one month', () => queries.histogram({ from: '2025-06-01T00:00:00Z', to: '2025-07-01T00:00:00Z' }, 30));
  time('failure bursts, whole log', () => queries.bursts({}));
  time('per-secret trail', () =>
    queries.secret({ connectionId: sample.connection_id, environmentId: sample.environment_id, path: sample.path }, 100),
  );
  time('facets', () => queries.facets());

  const started = performance.now();
  const report = await verifyChain(db, keychain, { settle: () => audit.flush() });
  rows.push([`verify whole chain (${report.events.toLocaleString('en')} events, ok=${report.ok})`, seconds(performance.now() - started)]);

  const rss = process.resourceUsage().maxRSS * 1024;
  rows.push(['peak RSS of this process', `${mb(rss)}  [target < ${TARGET_RSS_MB} MB: ${rss < TARGET_RSS_MB * 1024 * 1024 ? 'ok' : 'OVER'}]`]);
  db.close();
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

async function main(): Promise<void> {
  const child = arg('--measure');
  if (child) return measure(child);
  const count = Number(arg('--count') ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-bench-audit-'));
  try {
    build(dir, count);
    const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--measure', dir], { stdio: 'inherit' });
    if (result.status !== 0) process.exitCode = result.status ?? 1;
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
