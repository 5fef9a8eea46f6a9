/**
 * `npm run bench [-- --quick] [--latency-ms 20] [--cli-sample N] [--skip-audit] [--skip-memory]`:
 * a benchmark, not a test. Runs the sandbox with a round-trip latency and the providers'
 * documented rate limits enforced, drives the real SDKs through Keyhole's adapters (Core, as the
 * app composes it) and two peers (the AWS CLI in a shell loop, a naive @aws-sdk script), reads
 * the audit bench and the renderer's figures, and prints one table: every figure beside its floor
 * (or target) and the ratio. Concurrency: 16 per connection for every figure.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ProviderKind } from '../shared/domain';
import { startSandboxServers, type RunningSandbox } from '../electron/main/sandbox/start';
import { buildBenchCore, timed, type BenchCore } from './bench-core';
import { measureAudit, measureMemory, readBrowseResults, type Percentiles } from './children';
import { awsInventory, azureInventory, CONCURRENCY, concurrencyBound, diffFloor, vaultTree, type Floor } from './floors';
import { AwsCli, awsCliAvailable, sdkClient, sdkDiff, sdkList } from './peers';
import { renderTable, type Row } from './report';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'latency-ms': { type: 'string', default: '20' },
    'cli-sample': { type: 'string' },
    'skip-audit': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
    'skip-cli': { type: 'boolean', default: false },
  },
});

const quick = values.quick;
const latencyMs = Number(values['latency-ms']);
// Seed counts: the seed drops ~1/23 of production and ~1/29 of staging as drift, so these give
// at least the stated number per environment.
const SIZES = quick
  ? { inventory: 1_000, inventorySeed: 1_060, diff: 500, diffSeed: 530, memorySeed: 10_460, audit: 100_000, cliSample: 20 }
  : { inventory: 10_000, inventorySeed: 10_460, diff: 5_000, diffSeed: 5_230, memorySeed: 104_600, audit: 1_000_000, cliSample: 60 };
const cliSample = values['cli-sample'] !== undefined ? Number(values['cli-sample']) : SIZES.cliSample;
const knobs = { latencyMs, enforceRateLimits: true };
const load = () => loadavg()[0] ?? 0;
const rows: Row[] = [];
const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const floor = (f: Floor): Row['bound'] => ({ ...f, kind: 'floor' });
const target = (ms: number, why: string): Row['bound'] => ({ ms, why, kind: 'target' });

async function withSandbox<T>(seedCount: number, run: (sandbox: RunningSandbox, bench: BenchCore) => Promise<T>): Promise<T> {
  const started = performance.now();
  const sandbox = await startSandboxServers({ seedCount, knobs });
  log(`sandbox with seed ${seedCount} up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-bench-'));
  const bench = await buildBenchCore(dir, sandbox.connections());
  try {
    return await run(sandbox, bench);
  } finally {
    await bench.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function envId(bench: BenchCore, provider: ProviderKind, name: 'staging' | 'production'): string {
  const id = bench.environments.get(`${provider}:${name}`);
  if (id === undefined) throw new Error(`no ${provider} ${name}`);
  return id;
}

async function inventory(bench: BenchCore, provider: ProviderKind): Promise<{ ms: number; cpuMs: number; names: string[] }> {
  const id = envId(bench, provider, 'production');
  const jobId = bench.core.inventory.load(id);
  const { ms, cpuMs, value: job } = await timed(() => bench.finished(jobId));
  if (job.state !== 'done') throw new Error(`${provider} inventory ${job.state}: ${JSON.stringify(job.error)}`);
  return { ms, cpuMs, names: bench.listed(jobId).map((item) => item.name) };
}

async function inventoryPhase(): Promise<void> {
  await withSandbox(SIZES.inventorySeed, async (sandbox, bench) => {
    const vault = await inventory(bench, 'vault');
    log(`vault inventory ${vault.names.length} in ${vault.ms.toFixed(0)} ms`);
    rows.push({
      figure: `Inventory, Vault: ${vault.names.length.toLocaleString('en')} names (LIST tree)`,
      measuredMs: vault.ms,
      cpuMs: vault.cpuMs,
      bound: floor(vaultTree(vault.names, latencyMs)),
      load: load(),
      note: 'names only; the list screen fills metadata for what it shows',
    });
    // Names and metadata for every secret: the app's secrets:metadataBatch (200 names a call), one call at a time as the renderer sends them.
    const vaultId = envId(bench, 'vault', 'production');
    const meta = await timed(async () => {
      let failed = 0;
      for (let i = 0; i < vault.names.length; i += 200) {
        const { items } = await bench.core.inventory.metadataBatch(vaultId, vault.names.slice(i, i + 200));
        failed += items.filter((item) => item.error !== undefined).length;
      }
      return failed;
    });
    log(`vault metadata ${meta.ms.toFixed(0)} ms`);
    const tree = vaultTree(vault.names, latencyMs);
    const reads = concurrencyBound(vault.names.length, latencyMs, 'metadata GETs');
    rows.push({
      figure: `Inventory, Vault: names + metadata for all ${vault.names.length.toLocaleString('en')}`,
      measuredMs: vault.ms + meta.ms,
      cpuMs: vault.cpuMs + meta.cpuMs,
      bound: floor({ ms: tree.ms + reads.ms, why: `${tree.why} + ${reads.why}` }),
      load: load(),
      note: `metadataBatch, 200 names a call, 8 at a time${meta.value > 0 ? `; ${meta.value} failed` : ''}`,
    });
    const aws = await inventory(bench, 'aws');
    log(`aws inventory ${aws.names.length} in ${aws.ms.toFixed(0)} ms`);
    rows.push({
      figure: `Inventory, AWS: ${aws.names.length.toLocaleString('en')} names + metadata (ListSecrets)`,
      measuredMs: aws.ms,
      cpuMs: aws.cpuMs,
      bound: floor(awsInventory(aws.names.length, latencyMs)),
      load: load(),
    });
    const azure = await inventory(bench, 'azure');
    log(`azure inventory ${azure.names.length} in ${azure.ms.toFixed(0)} ms`);
    rows.push({
      figure: `Inventory, Azure: ${azure.names.length.toLocaleString('en')} names + metadata (nextLink)`,
      measuredMs: azure.ms,
      cpuMs: azure.cpuMs,
      bound: floor(azureInventory(azure.names.length, latencyMs)),
      load: load(),
    });

    const info = sandbox.info.aws;
    if (!info) return;
    const client = sdkClient(info);
    const sdk = await timed(() => sdkList(client, info.prefixes.production));
    client.destroy();
    rows.push({
      figure: `Peer, @aws-sdk script: ListSecrets ${sdk.value.length.toLocaleString('en')}`,
      measuredMs: sdk.ms,
      cpuMs: sdk.cpuMs,
      bound: floor(awsInventory(sdk.value.length, latencyMs)),
      load: load(),
      note: 'paginateListSecrets, 100 a page',
    });
    if (values['skip-cli'] || !awsCliAvailable()) {
      rows.push({ figure: 'Peer, AWS CLI: list-secrets', load: load(), note: 'skipped: `aws` not installed (or --skip-cli)' });
      return;
    }
    const cli = new AwsCli(info);
    try {
      const listed = await timed(() => cli.listAll(info.prefixes.production));
      log(`aws cli list ${listed.value.length} in ${listed.ms.toFixed(0)} ms`);
      rows.push({
        figure: `Peer, AWS CLI: list-secrets ${listed.value.length.toLocaleString('en')} (one process, CLI pagination)`,
        measuredMs: listed.ms,
        cpuMs: listed.cpuMs,
        bound: floor(awsInventory(listed.value.length, latencyMs)),
        load: load(),
        note: 'measured in full, not extrapolated',
      });
    } finally {
      cli.close();
    }
  });
}

async function diff(bench: BenchCore, a: [ProviderKind, 'staging' | 'production'], b: [ProviderKind, 'staging' | 'production']) {
  const { diffId, jobId } = await bench.core.diff.start(envId(bench, ...a), envId(bench, ...b));
  const { ms, cpuMs, value: job } = await timed(() => bench.finished(jobId));
  if (job.state !== 'done') throw new Error(`diff ${a.join(' ')} vs ${b.join(' ')}: ${job.state} ${JSON.stringify(job.error)}`);
  const result = bench.core.diff.result(diffId);
  const count = (side: 'a' | 'b') => result.rows.filter((row) => (side === 'a' ? row.aName : row.bName) !== null).length;
  return { ms, cpuMs, rows: result.rows, countA: count('a'), countB: count('b'), summary: result.summary };
}

/** Vault side names for the floor's LIST tree: the listed names of that side. */
function vaultNames(rows: Array<{ aName: string | null; bName: string | null }>, side: 'a' | 'b'): string[] {
  return rows.flatMap((row) => {
    const name = side === 'a' ? row.aName : row.bName;
    return name === null ? [] : [name];
  });
}

async function diffPhase(): Promise<void> {
  await withSandbox(SIZES.diffSeed, async (sandbox, bench) => {
    const pairs: Array<[[ProviderKind, 'staging' | 'production'], [ProviderKind, 'staging' | 'production']]> = [
      [
        ['vault', 'staging'],
        ['vault', 'production'],
      ],
      [
        ['aws', 'staging'],
        ['aws', 'production'],
      ],
      [
        ['azure', 'staging'],
        ['azure', 'production'],
      ],
      [
        ['vault', 'staging'],
        ['aws', 'production'],
      ],
    ];
    let awsDiffFloor: Floor | undefined;
    for (const [a, b] of pairs) {
      const result = await diff(bench, a, b);
      log(`diff ${a.join(' ')} vs ${b.join(' ')} in ${result.ms.toFixed(0)} ms`);
      const bound = diffFloor({ provider: a[0], count: result.countA }, { provider: b[0], count: result.countB }, latencyMs, {
        a: vaultNames(result.rows, 'a'),
        b: vaultNames(result.rows, 'b'),
      });
      if (a[0] === 'aws' && b[0] === 'aws') awsDiffFloor = bound;
      const unreadable = result.rows.filter((row) => row.status === 'unreadable').length;
      rows.push({
        figure: `Diff, ${a[0]} ${a[1]} (${result.countA.toLocaleString('en')}) vs ${b[0]} ${b[1]} (${result.countB.toLocaleString('en')}), values`,
        measuredMs: result.ms,
        cpuMs: result.cpuMs,
        bound: floor(bound),
        load: load(),
        note: `${result.rows.length.toLocaleString('en')} rows; ${unreadable} unreadable`,
      });
    }

    const info = sandbox.info.aws;
    if (!info || !awsDiffFloor) return;
    const client = sdkClient(info);
    const sdk = await timed(() => sdkDiff(client, info.prefixes.staging, info.prefixes.production));
    client.destroy();
    log(`sdk diff ${sdk.value.read} reads in ${sdk.ms.toFixed(0)} ms`);
    rows.push({
      figure: `Peer, @aws-sdk script: diff aws staging vs production (${sdk.value.read.toLocaleString('en')} GetSecretValue)`,
      measuredMs: sdk.ms,
      cpuMs: sdk.cpuMs,
      bound: floor(awsDiffFloor),
      load: load(),
      note: `ListSecrets + GetSecretValue each, pool of ${CONCURRENCY}, no batching`,
    });
    if (values['skip-cli'] || !awsCliAvailable()) {
      rows.push({ figure: 'Peer, AWS CLI: diff', load: load(), note: 'skipped: `aws` not installed (or --skip-cli)' });
      return;
    }
    const cli = new AwsCli(info);
    try {
      const lists = await timed(() => Promise.all([cli.listAll(info.prefixes.staging), cli.listAll(info.prefixes.production)]));
      const all = lists.value.flat();
      const sample = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / cliSample)) === 0).slice(0, cliSample);
      const gets = await timed(() => cli.getEach(sample));
      const perGet = gets.ms / sample.length;
      log(`aws cli ${sample.length} gets in ${gets.ms.toFixed(0)} ms`);
      rows.push({
        figure: `Peer, AWS CLI shell loop: diff aws staging vs production (${all.length.toLocaleString('en')} get-secret-value)`,
        measuredMs: lists.ms + perGet * all.length,
        bound: floor(awsDiffFloor),
        load: load(),
        note: `lists measured (${(lists.ms / 1000).toFixed(1)} s); ${sample.length} gets measured at ${perGet.toFixed(0)} ms each, extrapolated to ${all.length}`,
      });
    } finally {
      cli.close();
    }
  });
}

function rendererRows(): void {
  const browse = readBrowseResults();
  if (!browse) {
    rows.push({
      figure: 'Renderer: first rows, scroll frames, search p50/p95 at 100,000',
      load: load(),
      note: 'bench/results/browse.json absent: run the renderer scale spec (`npm run test:e2e -- browse-scale`), then `npm run bench` again',
    });
    return;
  }
  const at = `browse.json of ${browse.at ?? '?'}, ${(browse.secrets ?? 0).toLocaleString('en')} secrets (${browse.provider ?? '?'})`;
  const rendererLoad = browse.machine?.loadavg?.[0] ?? Number.NaN;
  const add = (figure: string, ms: number | undefined, bound?: Row['bound'], note = at) => {
    if (ms !== undefined) rows.push({ figure: `Renderer: ${figure}`, measuredMs: ms, ...(bound ? { bound } : {}), load: rendererLoad, note });
  };
  const listed =
    browse.listedCount !== undefined && browse.listedMs !== undefined
      ? `; all ${browse.listedCount.toLocaleString('en')} listed after ${(browse.listedMs / 1000).toFixed(1)} s`
      : '';
  add('time to first rows', browse.firstRowsMs, undefined, `${at}${listed}`);
  const frame = target(16.7, '16.7 ms frame budget (60 Hz)');
  const percentiles = (figure: string, p: Percentiles | undefined, bound: Row['bound']) => {
    if (!p) return;
    add(`${figure} p50`, p.p50, bound, `${p.samples} samples; ${at}`);
    add(`${figure} p95`, p.p95, bound, `max ${p.max} ms; ${at}`);
  };
  percentiles('scroll frame (steady)', browse.scrollSteadyFrameMs, frame);
  percentiles('scroll frame (jumps)', browse.scrollJumpFrameMs, frame);
  percentiles('search, key to paint', browse.searchKeyToPaintMs, target(16, '16 ms search target (within one frame)'));
  add('sort by last change', browse.sortByLastChangeMs);
  add('tree view', browse.treeViewMs);
  if (browse.jsHeapMb !== undefined) rows.push({ figure: 'Renderer: JS heap', value: browse.jsHeapMb, unit: 'MB', load: rendererLoad, note: at });
}

async function auditRows(): Promise<void> {
  const audit = await measureAudit(SIZES.audit);
  rows.push({
    figure: `Audit export CSV + JSONL, ${(audit.exportRows ?? SIZES.audit).toLocaleString('en')} events`,
    ...(audit.exportMs !== undefined ? { measuredMs: audit.exportMs } : { measured: 'not parsed' }),
    bound: target(10_000, 'target: 1,000,000 events exported in under 10 s'),
    load: load(),
    note: audit.exportCpuMs !== undefined ? `${(audit.exportCpuMs / 1000).toFixed(2)} s CPU` : '',
  });
  if (audit.peakRssMb !== undefined) {
    rows.push({
      figure: 'Audit export: peak RSS of the exporting process',
      value: audit.peakRssMb,
      unit: 'MB',
      bound: target(200, 'target: peak RSS under 200 MB during the export'),
      load: load(),
    });
  }
  if (audit.filteredExportMs !== undefined)
    rows.push({ figure: 'Audit export CSV, filtered (writes that failed or were refused)', measuredMs: audit.filteredExportMs, load: load() });
  if (audit.filteredQueryMs !== undefined)
    rows.push({ figure: 'Audit query page, 2 actions + failures/refusals', measuredMs: audit.filteredQueryMs, load: load() });
}

async function memoryRows(): Promise<void> {
  const memory = await measureMemory(SIZES.memorySeed);
  rows.push({
    figure: `Host RSS, ${memory.listed.toLocaleString('en')} secrets listed in one environment (AWS)`,
    value: memory.rss / 1024 / 1024,
    unit: 'MB',
    bound: target(400, 'target: host (main) process RSS under 400 MB'),
    load: load(),
    note: `peak ${(memory.peakRss / 1024 / 1024).toFixed(0)} MB; ${(memory.rssBeforeCore / 1024 / 1024).toFixed(0)} MB before Core; listing took ${(memory.ms / 1000).toFixed(1)} s at 0 ms latency`,
  });
}

const started = new Date();
const machine = `${availableParallelism()} CPUs, ${(totalmem() / 1024 ** 3).toFixed(1)} GB, Node ${process.version}, load ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ')} at start`;
log(`${quick ? 'quick' : 'full'} run, latency ${latencyMs} ms, rate limits enforced, ${CONCURRENCY} per connection; ${machine}`);
await inventoryPhase();
await diffPhase();
if (!values['skip-memory']) await memoryRows();
if (!values['skip-audit']) await auditRows();
rendererRows();

const table = renderTable(rows);
const header = [
  `Keyhole bench (${quick ? 'quick' : 'full'}), ${started.toISOString()}, ${machine}; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} at end.`,
  `Round-trip latency ${latencyMs} ms injected by the sandbox, documented rate limits enforced (Vault: none), ${CONCURRENCY} concurrent calls per connection.`,
  `Took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s.`,
  '',
].join('\n');
process.stdout.write(`${header}${table}\n`);
const results = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(results, { recursive: true });
writeFileSync(join(results, quick ? 'run-quick.md' : 'run.md'), `${header}${table}\n`);
// Sandboxes and SDK clients may keep sockets alive for a moment: the run is over.
process.exit(0);
