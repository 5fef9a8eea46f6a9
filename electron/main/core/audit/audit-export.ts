import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { AUDIT_SELF_ACTIONS, type AuditExportFile, type AuditExportFormat, type AuditExportResult, type AuditFilter } from '../../../../shared/audit';
import { KeyholeError } from '../../../../shared/errors';
import type { EmitEvent } from '../events';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import type { Clock } from '../ports';
import type { Db } from '../store/database';
import type { AuditAttempt, AuditLog } from './audit-log';
import { filterWhere } from './audit-filter';
import { CSV_BOM, CSV_HEADER, csvLine, exportRow, jsonLine, type NameLookup } from './export-format';
import { scanRows } from './scan';

const PARTIAL = '.partial';
/** Rows per read: small enough that a batch's garbage dies young (peak RSS), large enough to amortise the query. */
const EXPORT_BATCH = 500;

export interface AuditExporterOptions {
  db: Db;
  audit: AuditLog;
  jobs: JobRegistry;
  emit: EmitEvent;
  clock: Clock;
  /** `<data>/exports`: created 0700, files 0600. */
  dir: string;
  names: () => Promise<NameLookup>;
  /** Rows per batch (tests use small batches to cancel mid-way). */
  batch?: number;
}

/** A file being written under its `.partial` name, hashed as it goes, with write backpressure. */
class HashedFile {
  readonly hash = createHash('sha256');
  bytes = 0;
  private readonly stream: WriteStream;
  private error: Error | null = null;
  private draining: Promise<void> | undefined;

  constructor(readonly file: AuditExportFile & { path: string }) {
    this.stream = createWriteStream(file.path + PARTIAL, { flags: 'wx', mode: 0o600, flush: true });
    this.stream.on('error', (error) => (this.error = error));
  }

  /**
   * Queues a chunk. When the stream is full, the next write waits for it to drain, so one chunk is
   * being written while the next is built, and no more than that is ever buffered.
   */
  async write(text: string): Promise<void> {
    await this.draining;
    if (this.error) throw this.error;
    if (text === '') return;
    const chunk = Buffer.from(text, 'utf8');
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) {
      this.draining = once(this.stream, 'drain').then(
        () => undefined,
        (error: Error) => void (this.error = error),
      );
    }
  }

  async finish(): Promise<{ sha256: string; bytes: number }> {
    await this.draining;
    if (this.error) throw this.error;
    this.stream.end();
    await finished(this.stream);
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  publish(): void {
    renameSync(this.file.path + PARTIAL, this.file.path);
  }

  unpublish(): void {
    rmSync(this.file.path, { force: true });
  }

  /** Stops writing and removes the partial file. */
  async discard(): Promise<void> {
    this.stream.destroy();
    await finished(this.stream).catch(() => undefined);
    rmSync(this.file.path + PARTIAL, { force: true });
  }
}

/**
 * Exports the events a filter selects as RFC 4180 CSV and/or JSON Lines into `<data>/exports/`,
 * as a job with progress and cancellation. Rows are read in keyset batches and written with
 * backpressure, so memory stays bounded whatever the log's size. Files are written under a
 * `.partial` name and renamed only when complete: a cancelled or failed export removes what it
 * wrote, and a `.partial` left by a crash is removed at the next start. The export is itself
 * audited (attempt first, fail closed; outcome with the row count and each file's SHA-256), and
 * selects only events before its own attempt.
 */
export class AuditExporter {
  constructor(private readonly options: AuditExporterOptions) {
    this.removeStalePartials();
  }

  async start(filter: AuditFilter, formats: readonly AuditExportFormat[]): Promise<{ jobId: string; files: AuditExportFile[] }> {
    const { dir, clock, audit, jobs } = this.options;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date(clock.now())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const base = `keyhole-audit-${stamp}-${randomUUID().slice(0, 8)}`;
    const files: AuditExportFile[] = [...new Set(formats)].map((format) => ({ format, name: `${base}.${format}` }));
    const attempt = await audit.attempt({
      action: AUDIT_SELF_ACTIONS.export,
      details: { formats: files.map((f) => f.format).join(','), files: files.map((f) => f.name).join(','), filter: JSON.stringify(filter) },
    });
    const jobId = jobs.start('audit.export', 'Exporting the audit log', (job) => this.run(job, filter, files, attempt));
    return { jobId, files };
  }

  private async run(job: JobContext, filter: AuditFilter, files: AuditExportFile[], attempt: AuditAttempt): Promise<void> {
    const { db, dir, batch, emit } = this.options;
    const where = filterWhere(filter);
    const writers = files.map((file) => new HashedFile({ ...file, path: join(dir, file.name) }));
    const csv = writers.find((w) => w.file.format === 'csv');
    const jsonl = writers.find((w) => w.file.format === 'jsonl');
    let rows = 0;
    let published = false;
    try {
      const names = await this.options.names();
      const total = db
        .prepare(`SELECT COUNT(*) FROM audit_events WHERE ${where.sql} AND seq < ?`)
        .pluck()
        .get(...where.params, attempt.seq) as number;
      job.progress(0, total);
      await csv?.write(CSV_BOM + CSV_HEADER);
      for await (const batchRows of scanRows(db, where, { beforeSeq: attempt.seq, signal: job.signal, batch: batch ?? EXPORT_BATCH })) {
        let csvText = '';
        let jsonText = '';
        for (const row of batchRows) {
          const prepared = exportRow(row);
          if (csv) csvText += csvLine(prepared, names);
          if (jsonl) jsonText += jsonLine(prepared);
        }
        await Promise.all([csv?.write(csvText), jsonl?.write(jsonText)]);
        rows += batchRows.length;
        job.progress(rows, Math.max(total, rows));
      }
      const digests = await Promise.all(writers.map((w) => w.finish()));
      if (job.signal.aborted) throw new KeyholeError('CANCELLED');
      for (const writer of writers) writer.publish();
      published = true;
      const result: AuditExportResult = {
        jobId: job.id,
        rows,
        files: writers.map((w, i) => ({ format: w.file.format, name: w.file.name, sha256: digests[i]!.sha256, bytes: digests[i]!.bytes })),
      };
      const details: Record<string, string | number> = { rows };
      for (const file of result.files) {
        details[`${file.format}Sha256`] = file.sha256;
        details[`${file.format}Bytes`] = file.bytes;
      }
      await attempt.succeed({ details });
      emit('audit:exported', result);
    } catch (error) {
      // Without its outcome in the log, an export does not stand.
      await Promise.all(writers.map((w) => (published ? w.unpublish() : w.discard())));
      const code = job.signal.aborted ? 'CANCELLED' : error instanceof KeyholeError ? error.code : 'INTERNAL';
      await attempt.fail('failure', { code, details: { rows } }).catch(() => undefined);
      throw job.signal.aborted ? new KeyholeError('CANCELLED') : error;
    }
  }

  private removeStalePartials(): void {
    let names: string[];
    try {
      names = readdirSync(this.options.dir);
    } catch {
      return;
    }
    for (const name of names) if (name.endsWith(PARTIAL)) rmSync(join(this.options.dir, name), { force: true });
  }
}
