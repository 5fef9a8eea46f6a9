import { randomUUID } from 'node:crypto';
import type { Connection, Environment } from '../../../../shared/connections';
import { KeyholeError } from '../../../../shared/errors';
import type { DiffResult, DiffRow } from '../../../../shared/ipc/channels/diff';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { ConnectionsService } from '../connections/connections-service';
import type { JobRegistry } from '../jobs/job-registry';
import type { FreshCodeGate, StepUpGate } from '../mfa/step-up';
import type { Clock } from '../ports';
import type { Provider, ReadResult } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import type { SettingsStore } from '../store/settings-store';
import { collectSide } from './collect';
import { compareEntries, summarize, type SideEntry } from './compare';
import { Fingerprinter } from './fingerprint';
import { presentSide, type ComparedSide } from './present-side';
import { writeDiffReport, type DiffExportFormat } from './report';

export interface DiffDeps {
  connections: ConnectionsService;
  providers: ProviderRegistry;
  jobs: JobRegistry;
  audit: AuditLog;
  mfa: StepUpGate & FreshCodeGate;
  settings: SettingsStore;
  clock: Clock;
  exportsDir: string;
}

export interface Rename {
  a: string;
  b: string;
}

export interface Side {
  environment: Environment;
  connection: Connection;
}

/** A diff held in main: statuses and the versions read, never a value or a fingerprint. */
export interface DiffState {
  id: string;
  jobId: string;
  a: Side;
  b: Side;
  renames: Rename[];
  state: DiffResult['state'];
  startedAt: string;
  finishedAt: string | null;
  rows: DiffRow[];
}

const KEEP_DIFFS = 20;

export interface CompareRequest {
  diffId: string;
  name: string;
  reason?: string | undefined;
  code?: string | undefined;
}

/**
 * Diffs two environments (same or different providers) inside main by keyed fingerprints; the
 * renderer gets statuses. Values leave main only through `compare`, after the step-up and the
 * audit attempt.
 */
export class DiffService {
  private readonly fingerprinter = new Fingerprinter();
  private readonly diffs = new Map<string, DiffState>();

  constructor(readonly deps: DiffDeps) {}

  side(environmentId: string): Side {
    const environment = this.deps.connections.environment(environmentId);
    return { environment, connection: this.deps.connections.connection(environment.connectionId) };
  }

  provider(side: Side): Promise<Provider> {
    return this.deps.providers.get(side.connection, side.environment);
  }

  isProtected(side: Side, native: string): boolean {
    return this.deps.connections.isProtectedPath(side.environment, side.connection, native);
  }

  /**
   * Starts the diff job. Reading a protected environment (or any, with settings.stepUpEverywhere)
   * needs a current step-up grant: the values are read into main even though only statuses leave
   * it. The run is audited as `diff.run`: the attempt now, the outcome with the counts when done.
   */
  async start(aId: string, bId: string, renames: Rename[] = []): Promise<{ diffId: string; jobId: string }> {
    const a = this.side(aId);
    const b = this.side(bId);
    const protectedSide = this.isProtected(a, '') || this.isProtected(b, '');
    const fields: AuditFields = {
      action: 'diff.run',
      connectionId: a.connection.id,
      environmentId: a.environment.id,
      details: { otherConnectionId: b.connection.id, otherEnvironmentId: b.environment.id, protected: protectedSide, renames: renames.length },
    };
    const granted = this.deps.mfa.hasGrant();
    if ((protectedSide || this.deps.settings.get().stepUpEverywhere) && !granted) {
      await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'STEP_UP_REQUIRED' });
      throw new KeyholeError('STEP_UP_REQUIRED');
    }
    const attempt = await this.deps.audit.attempt(fields);
    const id = randomUUID();
    const label = `Diff ${a.connection.name} / ${a.environment.name} against ${b.connection.name} / ${b.environment.name}`;
    const state: DiffState = { id, jobId: '', a, b, renames, state: 'running', startedAt: this.now(), finishedAt: null, rows: [] };
    this.diffs.set(id, state);
    this.trim();
    state.jobId = this.deps.jobs.start('diff', label, async (job) => {
      try {
        const [pa, pb] = await Promise.all([this.provider(a), this.provider(b)]);
        const listed = { a: 0, b: 0 };
        const read = { a: 0, b: 0 };
        const report = () => job.progress(read.a + read.b, listed.a + listed.b);
        const sides = { a, b };
        const track = (key: 'a' | 'b') => ({
          listed: (count: number, names: string[]) => {
            // A scope can contain a protected one (a Vault prefix above it): judged per secret
            // once listed, before any value is read.
            if (!granted) {
              const covers = this.deps.connections.protection();
              const side = sides[key];
              if (names.some((name) => covers(side.environment, side.connection, name))) throw new KeyholeError('STEP_UP_REQUIRED');
            }
            listed[key] = count;
            report();
          },
          read: (count: number) => ((read[key] = count), report()),
        });
        const [ea, eb] = await Promise.all([
          collectSide(pa, a.environment, this.fingerprinter, track('a'), job.signal, this.deps.clock),
          collectSide(pb, b.environment, this.fingerprinter, track('b'), job.signal, this.deps.clock),
        ]);
        const attributes = pa.capabilities().attributes && pb.capabilities().attributes;
        state.rows = match(ea, eb, renames, attributes);
        job.progress(read.a + read.b, listed.a + listed.b);
        await attempt.succeed({ details: { diffId: id, ...summarize(state.rows) } });
        state.state = 'done';
      } catch (error) {
        const cancelled = job.signal.aborted || (error instanceof KeyholeError && error.code === 'CANCELLED');
        const code = cancelled ? 'CANCELLED' : error instanceof KeyholeError ? error.code : 'INTERNAL';
        await attempt.fail('failure', { code, details: { diffId: id } }).catch(() => undefined);
        state.state = cancelled ? 'cancelled' : 'failed';
        throw error;
      } finally {
        state.finishedAt = this.now();
      }
    });
    return { diffId: id, jobId: state.jobId };
  }

  get(diffId: string): DiffState {
    const state = this.diffs.get(diffId);
    if (state === undefined) throw new KeyholeError('NOT_FOUND');
    return state;
  }

  row(diffId: string, name: string): { state: DiffState; row: DiffRow } {
    const state = this.get(diffId);
    if (state.state !== 'done') throw new KeyholeError('INVALID_INPUT');
    const row = state.rows.find((r) => r.name === name);
    if (row === undefined) throw new KeyholeError('NOT_FOUND', { path: name });
    return { state, row };
  }

  result(diffId: string): DiffResult {
    const state = this.get(diffId);
    const ref = (side: Side) => ({
      environmentId: side.environment.id,
      environmentName: side.environment.name,
      connectionName: side.connection.name,
      protected: side.environment.protected,
      readOnly: side.connection.readOnly,
    });
    return {
      diffId: state.id,
      jobId: state.jobId,
      state: state.state,
      a: ref(state.a),
      b: ref(state.b),
      startedAt: state.startedAt,
      finishedAt: state.finishedAt,
      summary: summarize(state.rows),
      rows: state.rows,
    };
  }

  /**
   * Both values of one row, as the diff read them. A protected side needs a fresh code (verified
   * now, audited with the operation); elsewhere settings.stepUpEverywhere asks for a grant. The
   * attempt is written before either value is read, the outcome before they are returned.
   */
  async compare(request: CompareRequest, signal?: AbortSignal): Promise<{ a: ComparedSide | null; b: ComparedSide | null; revealSeconds: number }> {
    const { state, row } = this.row(request.diffId, request.name);
    const protectedSide =
      (row.aName !== null && this.isProtected(state.a, row.aName)) || (row.bName !== null && this.isProtected(state.b, row.bName));
    const reason = request.reason?.trim();
    const revealSeconds = this.deps.settings.get().revealSeconds;
    const fields: AuditFields = {
      action: 'diff.compare',
      connectionId: state.a.connection.id,
      environmentId: state.a.environment.id,
      path: row.aName ?? row.bName,
      version: row.aVersion,
      reason: reason === undefined || reason === '' ? null : reason,
      details: {
        protected: protectedSide,
        otherEnvironmentId: state.b.environment.id,
        otherPath: row.bName,
        otherVersion: row.bVersion,
        revealSeconds,
      },
    };
    if (protectedSide) {
      await this.deps.mfa.requireFreshCode(request.code, {
        operation: 'diff.compare',
        connectionId: state.a.connection.id,
        environmentId: state.a.environment.id,
        path: row.aName ?? row.bName,
      });
    } else if (this.deps.settings.get().stepUpEverywhere && !this.deps.mfa.hasGrant()) {
      await this.deps.audit.record({ ...fields, outcome: 'refused', code: 'STEP_UP_REQUIRED' });
      throw new KeyholeError('STEP_UP_REQUIRED', { path: row.name });
    }
    const options = signal ? { signal } : {};
    const readSide = async (side: Side, native: string | null, version: string | null): Promise<ReadResult | null> => {
      if (native === null || version === null) return null;
      return (await this.provider(side)).read(native, version, options);
    };
    return this.deps.audit.around(
      fields,
      async () => {
        const [a, b] = await Promise.all([readSide(state.a, row.aName, row.aVersion), readSide(state.b, row.bName, row.bVersion)]);
        return { a: a && presentSide(a), b: b && presentSide(b), revealSeconds };
      },
      (shown) => ({ details: { shownA: shown.a !== null, shownB: shown.b !== null } }),
    );
  }

  /** Names, statuses and metadata (never values) to `<data>/exports/`, audited. */
  async export(diffId: string, formats: DiffExportFormat[]): Promise<{ files: Array<{ format: DiffExportFormat; path: string; rows: number }> }> {
    const result = this.result(diffId);
    if (result.state !== 'done') throw new KeyholeError('INVALID_INPUT');
    return this.deps.audit.around(
      {
        action: 'diff.export',
        environmentId: result.a.environmentId,
        details: { diffId, otherEnvironmentId: result.b.environmentId, formats: formats.join(','), rows: result.rows.length },
      },
      async () => ({ files: writeDiffReport(this.deps.exportsDir, result, formats, this.deps.clock.now()) }),
    );
  }

  private trim(): void {
    const finished = [...this.diffs.values()].filter((d) => d.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_DIFFS))) this.diffs.delete(old.id);
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** Matches the two sides by common name (renames first) into rows, sorted by name. */
export function match(a: Map<string, SideEntry>, b: Map<string, SideEntry>, renames: Rename[], attributes: boolean): DiffRow[] {
  const rows: DiffRow[] = [];
  const usedB = new Set<string>();
  const renamed = new Map(renames.map((r) => [r.a, r.b]));
  for (const [name, entry] of a) {
    const target = renamed.get(name) ?? name;
    const other = b.get(target);
    if (other !== undefined) usedB.add(target);
    rows.push(compareEntries(name, entry, other, attributes));
  }
  for (const [name, entry] of b) if (!usedB.has(name)) rows.push(compareEntries(name, undefined, entry, attributes));
  return rows.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
