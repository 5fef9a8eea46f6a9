import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { insertSyntheticEvents } from '../../../../bench/audit-fixture';
import type { AuditEvent, AuditExportResult, AuditFilter } from '../../../../shared/audit';
import type { JobView } from '../../../../shared/ipc/contract';
import type { EmitEvent } from '../events';
import { JobRegistry } from '../jobs/job-registry';
import { silentLogger } from '../logger';
import type { CredentialStore } from '../ports';
import { systemClock } from '../system-clock';
import { openDatabase, type Db } from '../store/database';
import { useTempDir } from '../testing/temp-dir';
import { refusingKeychainFake, testKeychain } from '../testing/test-keychain';
import { AuditExporter } from './audit-export';
import { AuditLog } from './audit-log';
import { appendRaw } from './testing';

/** The columns docs/audit-verification.md lists, written out here independently of the code. */
const DOCUMENTED_COLUMNS =
  'seq,time,actor_user,actor_host,principal,action,phase,attempt_seq,connection_id,environment_id,path,version,outcome,code,request_id,reason,details,prev_hash,hash,connection_name,environment_name';
const NULLABLE_TEXT = ['principal', 'connection_id', 'environment_id', 'path', 'version', 'outcome', 'code', 'request_id', 'reason'];
const DANGEROUS_START = /^[=+\-@\t\r\n\0]/;

/** The documented procedure, step by step, on one parsed CSV record (cells as a spreadsheet-free parser gives them). */
function hashFromCsv(record: Record<string, string>): string {
  const cell = (name: string) => {
    const raw = record[name] ?? '';
    return raw.startsWith("'") ? raw.slice(1) : raw; // step 2: undo the neutralisation
  };
  const text = (name: string) => JSON.stringify(NULLABLE_TEXT.includes(name) && cell(name) === '' ? null : cell(name));
  const integer = (name: string) => (cell(name) === '' ? 'null' : JSON.stringify(Number.parseInt(cell(name), 10)));
  const parts = [
    integer('seq'),
    text('time'),
    text('actor_user'),
    text('actor_host'),
    text('principal'),
    text('action'),
    text('phase'),
    integer('attempt_seq'),
    text('connection_id'),
    text('environment_id'),
    text('path'),
    text('version'),
    text('outcome'),
    text('code'),
    text('request_id'),
    text('reason'),
    cell('details'), // verbatim
    text('prev_hash'),
  ];
  return createHash('sha256')
    .update(`[${parts.join(',')}]`, 'utf8')
    .digest('hex');
}

/** The same from a JSON Lines record: details re-serialised in the key order the line gives. */
function hashFromJson(event: AuditEvent): string {
  const details = JSON.stringify(event.details);
  const values = [
    event.seq,
    event.time,
    event.actorUser,
    event.actorHost,
    event.principal,
    event.action,
    event.phase,
    event.attemptSeq,
    event.connectionId,
    event.environmentId,
    event.path,
    event.version,
    event.outcome,
    event.code,
    event.requestId,
    event.reason,
  ].map((v) => JSON.stringify(v));
  return createHash('sha256')
    .update(`[${[...values, details, JSON.stringify(event.prevHash)].join(',')}]`, 'utf8')
    .digest('hex');
}

function parseCsv(file: string): { header: string[]; records: Array<Record<string, string>>; raw: string } {
  const raw = readFileSync(file, 'utf8');
  expect(raw.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(raw.slice(1), { delimiter: ',', newline: '\r\n', skipEmptyLines: false });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data.at(-1)).toEqual(['']); // the file ends with CRLF
  const [header, ...rows] = parsed.data.slice(0, -1);
  return { header: header!, records: rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? '']))), raw };
}

function setup(dir: string, keychain: CredentialStore = testKeychain(), batch?: number) {
  const db = openDatabase(':memory:');
  const audit = new AuditLog(db, keychain, systemClock);
  const jobs: JobView[] = [];
  const exported: AuditExportResult[] = [];
  const emit: EmitEvent = (event, payload) => {
    if (event === 'job:progress') jobs.push(payload as JobView);
    if (event === 'audit:exported') exported.push(payload as AuditExportResult);
  };
  const registry = new JobRegistry(emit, systemClock, silentLogger);
  const exporter = new AuditExporter({
    db,
    audit,
    jobs: registry,
    emit,
    clock: systemClock,
    dir: join(dir, 'exports'),
    names: async () => ({ connection: (id) => (id === 'c-1' ? 'Vault, "prod"' : null), environment: (id) => (id === 'e-1' ? '=staging' : null) }),
    ...(batch !== undefined ? { batch } : {}),
  });
  const finished = async (id: string) => {
    for (let i = 0; i < 500; i += 1) {
      const last = jobs.filter((job) => job.id === id).at(-1);
      if (last && last.state !== 'running') return last;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('export did not finish');
  };
  return { db, audit, registry, exporter, jobs, exported, finished, exportsDir: join(dir, 'exports') };
}

/** Events with every awkward cell: formulas, quotes, commas, line breaks, tabs, non-ASCII, integer-like detail keys. */
async function awkwardLog(db: Db, audit: AuditLog): Promise<void> {
  appendRaw(db, [
    {
      time: '2026-01-01T00:00:00.000Z',
      action: 'secret.reveal',
      actorUser: '@admin',
      actorHost: '-host',
      principal: '+principal',
      outcome: 'success',
      path: '=HYPERLINK("http://evil.example","x")',
      connectionId: 'c-1',
      environmentId: 'e-1',
    },
    {
      time: '2026-01-01T00:00:01.000Z',
      action: 'secret.write',
      reason: 'line one\r\nline two, "quoted"',
      path: '\tapps/tabbed',
      version: "'7",
      outcome: 'failure',
      code: 'CONFLICT',
      connectionId: 'c-gone',
    },
    {
      time: '2026-01-01T00:00:02.000Z',
      action: 'secret.copy',
      path: 'café/☃/𝄞',
      reason: '\rCR first',
      details: { '10': 1, '9': 'nine', b: true, a: null, z: '=cmd|x', q: 'say "hi", ok' },
    },
    { time: '2026-01-01T00:00:03.000Z', action: 'settings.update', phase: 'event', outcome: 'success', reason: '\nLF first', details: { n: -3.5 } },
  ]);
  await audit.record({ action: 'secret.reveal', outcome: 'success', path: 'apps/api/db', reason: 'incident 42' });
  const attempt = await audit.attempt({ action: 'secret.write', path: '-negative', connectionId: 'c-1' });
  await attempt.fail('refused', { code: 'STEP_UP_REQUIRED' });
}

describe('audit export', () => {
  const tempDir = useTempDir();

  it('writes RFC 4180 CSV and JSON Lines whose every row re-hashes by the documented procedure', async () => {
    const { db, audit, exporter, finished, exported, exportsDir } = setup(tempDir());
    await awkwardLog(db, audit);
    const stored = audit.list(100).reverse();
    const { jobId, files } = await exporter.start({}, ['csv', 'jsonl']);
    expect(await finished(jobId)).toMatchObject({ state: 'done', done: stored.length, total: stored.length });
    expect(files.map((f) => f.format)).toEqual(['csv', 'jsonl']);

    const { header, records, raw } = parseCsv(join(exportsDir, files[0]!.name));
    expect(header.join(',')).toBe(DOCUMENTED_COLUMNS);
    expect(raw.replace(/"[^"]*"/g, '').includes('\n')).toBe(true);
    expect(raw.replace(/"[^"]*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line break outside quotes is CRLF
    expect(records.map((r) => Number(r.seq))).toEqual(stored.map((e) => e.seq));
    let prev = '0'.repeat(64);
    for (const record of records) {
      expect(hashFromCsv(record), `seq ${record.seq}`).toBe(record.hash);
      expect(record.prev_hash).toBe(prev);
      prev = record.hash!;
      for (const cell of Object.values(record)) expect(cell, `seq ${record.seq}`).not.toMatch(DANGEROUS_START);
    }
    // Neutralised, and reversibly so: one leading quote was added, the original is one strip away.
    expect(records[0]).toMatchObject({
      path: '\'=HYPERLINK("http://evil.example","x")',
      actor_user: "'@admin",
      actor_host: "'-host",
      principal: "'+principal",
    });
    expect(records[1]).toMatchObject({ path: "'\tapps/tabbed", version: "''7", reason: 'line one\r\nline two, "quoted"', connection_name: '' });
    expect(records[0]).toMatchObject({ connection_name: 'Vault, "prod"', environment_name: "'=staging" });
    expect(records[2]!.details).toBe('{"9":"nine","10":1,"a":null,"b":true,"q":"say \\"hi\\", ok","z":"=cmd|x"}');

    const lines = readFileSync(join(exportsDir, files[1]!.name), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map((line) => JSON.parse(line) as AuditEvent);
    expect(events).toEqual(stored);
    for (const event of events) expect(hashFromJson(event), `seq ${event.seq}`).toBe(event.hash);

    // The export is audited: its outcome carries the row count and each file's SHA-256.
    const sha = (name: string) =>
      createHash('sha256')
        .update(readFileSync(join(exportsDir, name)))
        .digest('hex');
    const [outcome, attempt] = audit.list(2);
    expect(attempt).toMatchObject({
      action: 'audit.export',
      phase: 'attempt',
      details: { formats: 'csv,jsonl', files: files.map((f) => f.name).join(',') },
    });
    expect(outcome).toMatchObject({
      action: 'audit.export',
      outcome: 'success',
      details: { rows: stored.length, csvSha256: sha(files[0]!.name), jsonlSha256: sha(files[1]!.name) },
    });
    expect(exported).toEqual([
      { jobId, rows: stored.length, files: files.map((f) => ({ ...f, sha256: sha(f.name), bytes: readFileSync(join(exportsDir, f.name)).length })) },
    ]);
    expect(readdirSync(exportsDir).sort()).toEqual(files.map((f) => f.name).sort());
  });

  it.skipIf(spawnSync('python3', ['--version']).status !== 0)(
    "passes the auditor's script in docs/ (Python, no Keyhole code) and fails it when tampered",
    async () => {
      const { db, audit, exporter, finished, exportsDir } = setup(tempDir());
      await awkwardLog(db, audit);
      const { jobId, files } = await exporter.start({}, ['csv', 'jsonl']);
      await finished(jobId);
      const script = fileURLToPath(new URL('../../../../docs/audit-verify.py', import.meta.url));
      const run = (file: string) => spawnSync('python3', [script, file], { encoding: 'utf8' });
      for (const file of files) expect(run(join(exportsDir, file.name))).toMatchObject({ status: 0, stdout: '7 rows verified\n' });
      const csvFile = join(exportsDir, files[0]!.name);
      writeFileSync(csvFile, readFileSync(csvFile, 'utf8').replace('apps/api/db', 'apps/api/xx'));
      expect(run(csvFile)).toMatchObject({ status: 1, stdout: expect.stringContaining('edited row') });
    },
  );

  it('exports exactly the rows the filter selects', async () => {
    const { db, audit, exporter, finished, exportsDir } = setup(tempDir());
    await awkwardLog(db, audit);
    const filter: AuditFilter = { actions: ['secret.reveal', 'secret.write'], outcomes: ['success', 'refused'] };
    const expected = audit
      .list(100)
      .reverse()
      .filter((e) => filter.actions!.includes(e.action) && e.outcome !== null && filter.outcomes!.includes(e.outcome));
    const { jobId, files } = await exporter.start(filter, ['csv']);
    expect(await finished(jobId)).toMatchObject({ state: 'done' });
    const { records } = parseCsv(join(exportsDir, files[0]!.name));
    expect(records.map((r) => Number(r.seq))).toEqual(expected.map((e) => e.seq));
    for (const record of records) expect(hashFromCsv(record)).toBe(record.hash);
    expect(audit.list(1)[0]).toMatchObject({ action: 'audit.export', details: { rows: expected.length, filter: JSON.stringify(filter) } });
  });

  it('stops when cancelled, leaves no file behind, and records the cancellation', async () => {
    const { db, audit, exporter, registry, jobs, finished, exportsDir } = setup(tempDir(), testKeychain(), 200);
    insertSyntheticEvents(db, { count: 20_000 });
    await audit.record({ action: 'secret.reveal', outcome: 'success' });
    const { jobId } = await exporter.start({}, ['csv', 'jsonl']);
    for (let i = 0; i < 500 && !jobs.some((j) => j.id === jobId && j.done > 0); i += 1) await new Promise((r) => setTimeout(r, 2));
    registry.cancel(jobId);
    const last = await finished(jobId);
    expect(last).toMatchObject({ state: 'cancelled', error: null });
    expect(last.done).toBeLessThan(20_001);
    expect(readdirSync(exportsDir)).toEqual([]);
    expect(audit.list(1)[0]).toMatchObject({ action: 'audit.export', phase: 'outcome', outcome: 'failure', code: 'CANCELLED' });
  });

  it('fails closed: without an audit event there is no export', async () => {
    const { exporter, exportsDir } = setup(tempDir(), refusingKeychainFake);
    await expect(exporter.start({}, ['csv'])).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
    expect(existsSync(exportsDir) ? readdirSync(exportsDir) : []).toEqual([]);
  });

  it('removes a partial file a crash left behind', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'exports'));
    writeFileSync(join(dir, 'exports', 'keyhole-audit-x.csv.partial'), 'half');
    writeFileSync(join(dir, 'exports', 'keyhole-audit-y.csv'), 'whole');
    setup(dir);
    expect(readdirSync(join(dir, 'exports'))).toEqual(['keyhole-audit-y.csv']);
  });
});
