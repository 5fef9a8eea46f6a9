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

/** Numeric figures from `bench/results/browse.json` (written by the renderer's scale spec), by key path. */
export function readBrowseResults(): { path: string; figures: Array<{ key: string; value: number }> } | undefined {
  const path = fileURLToPath(new URL('./results/browse.json', import.meta.url));
  if (!existsSync(path)) return undefined;
  const figures: Array<{ key: string; value: number }> = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'number') figures.push({ key, value });
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${key}[${i}]`));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, key === '' ? k : `${key}.${k}`);
  };
  walk(JSON.parse(readFileSync(path, 'utf8')) as unknown, '');
  return { path, figures };
}
