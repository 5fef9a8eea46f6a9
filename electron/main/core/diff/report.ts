import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffResult } from '../../../../shared/ipc/channels/diff';
import { csvRecord } from '../audit/csv';

export type DiffExportFormat = 'csv' | 'json';

const CSV_HEADER = ['name', 'status', 'a_name', 'b_name', 'a_version', 'b_version', 'fields', 'unreadable', 'metadata'];

/** One CSV line per row: names, statuses, versions and metadata differences; never a value. */
export function diffCsv(result: DiffResult): string {
  let out = csvRecord(CSV_HEADER);
  for (const row of result.rows) {
    out += csvRecord([
      row.name,
      row.status,
      row.aName,
      row.bName,
      row.aVersion,
      row.bVersion,
      row.fields
        .filter((f) => f.status !== 'same')
        .map((f) => `${f.field === '' ? '(value)' : f.field}:${f.status}`)
        .join(';'),
      row.unreadable.map((u) => `${u.side}:${u.code}`).join(';'),
      row.metadata.map((m) => `${m.key}:${m.a ?? ''}->${m.b ?? ''}`).join(';'),
    ]);
  }
  return out;
}

export function diffJson(result: DiffResult): string {
  const { diffId, a, b, startedAt, finishedAt, summary, rows } = result;
  return `${JSON.stringify({ diffId, a, b, startedAt, finishedAt, summary, rows }, null, 2)}\n`;
}

/** Writes each format to `<dir>/diff-<stamp>.<ext>` (temp file, then rename). */
export function writeDiffReport(
  dir: string,
  result: DiffResult,
  formats: DiffExportFormat[],
  now: number,
): Array<{ format: DiffExportFormat; path: string; rows: number }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return [...new Set(formats)].map((format) => {
    const path = join(dir, `diff-${stamp}-${result.diffId.slice(0, 8)}.${format}`);
    writeFileSync(`${path}.partial`, format === 'csv' ? diffCsv(result) : diffJson(result), { mode: 0o600 });
    renameSync(`${path}.partial`, path);
    return { format, path, rows: result.rows.length };
  });
}
