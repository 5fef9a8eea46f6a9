import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Runs a bench script in a fresh Node (so its RSS is its own) and answers its stdout. */
export function runChild(script: string, args: string[]): Promise<string> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

export interface MemoryResult {
  listed: number;
  state: string;
  ms: number;
  rssBeforeCore: number;
  rss: number;
  peakRss: number;
  heapUsed: number;
}

export async function measureMemory(seedCount: number): Promise<MemoryResult> {
  const out = await runChild('./memory.ts', [String(seedCount)]);
  const line = out.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(line) as MemoryResult;
}

export interface AuditResult {
  lines: string[];
  exportMs?: number;
  exportCpuMs?: number;
  exportRows?: number;
  peakRssMb?: number;
  filteredExportMs?: number;
  filteredQueryMs?: number;
}

/** `bench/audit-export.ts` (the audit helper's bench), its printed figures picked out. */
export async function measureAudit(count: number): Promise<AuditResult> {
  const out = await runChild('./audit-export.ts', ['--count', String(count)]);
  const lines = out.split('\n').filter((line) => line.trim() !== '');
  const result: AuditResult = { lines };
  const secs = (text: string | undefined) => (text === undefined ? undefined : Number(text) * 1000);
  for (const line of lines) {
    const both = /^export csv\+jsonl \(([\d,]+) rows\)\s+([\d.]+) s wall, ([\d.]+) s CPU/.exec(line);
    if (both) {
      result.exportRows = Number(both[1]?.replaceAll(',', ''));
      result.exportMs = secs(both[2]);
      result.exportCpuMs = secs(both[3]);
    }
    const filtered = /^export csv, filtered .*?\s([\d.]+) s$/.exec(line);
    if (filtered) result.filteredExportMs = secs(filtered[1]);
    const query = /^query page, 2 actions \+ failures\s+([\d.]+) ms/.exec(line);
    if (query) result.filteredQueryMs = Number(query[1]);
    const rss = /^peak RSS of this process\s+(\d+) MB/.exec(line);
    if (rss) result.peakRssMb = Number(rss[1]);
  }
  return result;
}

export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

/** What the renderer's scale spec (e2e/specs/browse-scale.spec.ts) writes to `bench/results/browse.json`. */
export interface BrowseResults {
  provider?: string;
  secrets?: number;
  at?: string;
  machine?: { cpus?: number; loadavg?: number[] };
  firstRowsMs?: number;
  listedMs?: number;
  listedCount?: number;
  scrollSteadyFrameMs?: Percentiles;
  scrollJumpFrameMs?: Percentiles;
  sortByLastChangeMs?: number;
  treeViewMs?: number;
  searchKeyToPaintMs?: Percentiles;
  jsHeapMb?: number;
}

export function readBrowseResults(): BrowseResults | undefined {
  const path = fileURLToPath(new URL('./results/browse.json', import.meta.url));
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as BrowseResults;
}
