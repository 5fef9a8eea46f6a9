import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditExportResult, ChainReport } from '../../../../shared/audit';
import { bindContract } from '../../../../shared/ipc/bind';
import { contract, type JobView } from '../../../../shared/ipc/contract';
import { composeCore } from '../../compose-core';
import { filesContaining } from '../../testing/leak-scan';
import type { Core } from '../core';
import { createHandlers } from '../handlers';
import { silentLogger } from '../logger';
import { systemClock } from '../system-clock';
import { useTempDir } from '../testing/temp-dir';
import { testKeychain } from '../testing/test-keychain';

const CANARY = 'kh-audit-export-canary-5Rz8';
const signal = new AbortController().signal;

describe('the audit view over core and the embedded sandbox', () => {
  const tempDir = useTempDir();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('exports, queries and verifies real operations through the contract, and no planted value reaches an export', async () => {
    const dataDir = tempDir();
    const jobs: JobView[] = [];
    const pages: Array<{ environmentId: string; items: Array<{ name: string }> }> = [];
    const exported: AuditExportResult[] = [];
    const verified: Array<{ report: ChainReport }> = [];
    const core = composeCore({
      dataDir,
      keychain: testKeychain(),
      clock: systemClock,
      logger: silentLogger,
      emit: (event, payload) => {
        if (event === 'job:progress') jobs.push(payload as JobView);
        if (event === 'secrets:page') pages.push(payload as (typeof pages)[number]);
        if (event === 'audit:exported') exported.push(payload as AuditExportResult);
        if (event === 'audit:verified') verified.push(payload as { report: ChainReport });
      },
      shell: 'e2e-host',
      version: 'test',
      sandbox: { canary: CANARY, seedCount: 30 },
    });
    cores.push(core);
    const dispatch = bindContract(contract, createHandlers(core));
    const call = async <T>(channel: string, payload: unknown): Promise<T> => {
      const result = await dispatch(channel, payload, { signal });
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
      return result.value as T;
    };
    const finished = async (id: string) => {
      for (let i = 0; i < 500; i += 1) {
        const last = jobs.filter((job) => job.id === id).at(-1);
        if (last && last.state !== 'running') return last;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('job did not finish');
    };

    // Real operations: open the sandbox, check each connection, list staging, reveal the canary.
    await core.sandbox.open();
    const { connections, environments } = await core.connections.list();
    for (const connection of connections) await core.connections.check(connection.id);
    const staging = environments.filter((e) => e.name === 'staging');
    const revealed: Array<{ environmentId: string; connectionId: string; name: string }> = [];
    for (const environment of staging) {
      await finished(core.inventory.load(environment.id));
      const name = pages
        .filter((p) => p.environmentId === environment.id)
        .flatMap((p) => p.items.map((i) => i.name))
        .find((n) => n.includes('canary'));
      expect(name, environment.id).toBeTruthy();
      const value = await core.reveal.reveal({ environmentId: environment.id, name: name!, field: 'password', reason: 'leak check' });
      expect(value.value).toBe(CANARY); // the operation really handled the planted value
      revealed.push({ environmentId: environment.id, connectionId: environment.connectionId, name: name! });
    }

    const { jobId, files } = await call<{ jobId: string; files: Array<{ name: string }> }>('audit:export', { filter: {}, formats: ['csv', 'jsonl'] });
    expect(await finished(jobId)).toMatchObject({ state: 'done' });
    expect(exported).toHaveLength(1);
    const exportsDir = join(dataDir, 'exports');
    expect(filesContaining(exportsDir, [CANARY])).toEqual([]);
    const csv = Papa.parse<Record<string, string>>(readFileSync(join(exportsDir, files[0]!.name), 'utf8').slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.data.filter((row) => row.action === 'secret.reveal' && row.outcome === 'success')).toHaveLength(3);

    // The per-secret trail says who saw the canary.
    const [first] = revealed;
    const trail = await call<{ seen: Array<{ count: number; actions: string[] }>; changed: unknown[] }>('audit:secret', {
      connectionId: first!.connectionId,
      environmentId: first!.environmentId,
      path: first!.name,
      limit: 50,
    });
    expect(trail.seen).toEqual([expect.objectContaining({ count: 1, actions: ['secret.reveal'] })]);
    expect(trail.changed).toEqual([]);

    // Filters, chart, facets and bursts answer over the same log.
    const page = await call<{ events: Array<{ action: string }> }>('audit:query', {
      filter: { actions: ['secret.reveal'], outcomes: ['success'] },
      limit: 100,
    });
    expect(page.events).toHaveLength(3);
    const histogram = await call<{ total: number }>('audit:histogram', { filter: {}, buckets: 12 });
    expect(histogram.total).toBe(core.audit.list(1000).length);
    const facets = await call<{ actions: string[] }>('audit:facets', {});
    expect(facets.actions).toEqual(expect.arrayContaining(['audit.export', 'secret.reveal', 'connection.check']));
    expect(await call('audit:bursts', { filter: {} })).toEqual({ bursts: [] });

    // Verification runs as a job, reports an intact chain, and is itself recorded.
    const verify = await call<{ jobId: string }>('audit:verify', {});
    expect(await finished(verify.jobId)).toMatchObject({ state: 'done' });
    expect(verified.at(-1)?.report).toMatchObject({ ok: true, problem: null });
    expect(await call('audit:verification', {})).toMatchObject({ jobId: null, last: { report: { ok: true } } });
    expect(core.audit.list(1)[0]).toMatchObject({ action: 'audit.verify', outcome: 'success', details: { ok: true } });

    // Nothing the app wrote in its data folder (outside the sandbox's own data) holds the value.
    await core.close();
    cores.length = 0;
    expect(filesContaining(dataDir, [CANARY]).filter((file) => !file.startsWith(join(dataDir, 'sandbox')))).toEqual([]);
  });
});
