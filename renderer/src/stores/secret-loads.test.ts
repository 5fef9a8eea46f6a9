import { describe, expect, it } from 'vitest';
import type { SecretSummary } from '../../../shared/domain';
import type { JobView } from '../../../shared/ipc/contract';
import { parseQuery } from '../features/search/query';
import { SecretLoads } from './secret-loads';

const ENV = '00000000-0000-4000-8000-000000000001';
const JOB = '00000000-0000-4000-8000-0000000000aa';
const OLD_JOB = '00000000-0000-4000-8000-0000000000bb';

function job(id: string, state: JobView['state'], error: JobView['error'] = null): JobView {
  return { id, kind: 'secrets.load', label: 'x', state, done: 0, total: null, startedAt: '2026-01-01T00:00:00Z', error };
}
const item = (name: string) => ({ name, metadataComplete: true });

describe('SecretLoads', () => {
  it('streams pages into a loading environment and finishes on the done progress', () => {
    const loads = new SecretLoads(() => 1_700_000_000_000);
    loads.begin(ENV);
    loads.started(ENV, JOB);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('b'), item('c')] })).toBe(true);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('a')] })).toBe(true);
    expect(loads.view(ENV)).toEqual({ state: 'loading', count: 3, error: null, listedAt: null, filled: 0 });
    expect(loads.progress(job(JOB, 'done'))).toBe(ENV);
    expect(loads.view(ENV)).toMatchObject({ state: 'loaded', listedAt: 1_700_000_000_000 });
    // Arrival order stays: sorted views follow the list incrementally.
    expect(loads.items(ENV).map((i) => i.name)).toEqual(['b', 'c', 'a']);
  });

  it('accepts pages and a terminal state that arrive before the job id is known', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('a')] })).toBe(true);
    expect(loads.progress(job('00000000-0000-4000-8000-0000000000cc', 'done'))).toBeNull();
    loads.started(ENV, JOB);
    expect(loads.progress(job(JOB, 'failed', { code: 'UNAVAILABLE', message: 'The provider could not be reached' }))).toBe(ENV);
    expect(loads.view(ENV)).toMatchObject({ state: 'failed', count: 1, error: 'The provider could not be reached' });
  });

  it('applies a terminal progress that came before secrets:load answered', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    expect(loads.progress(job(JOB, 'done'))).toBeNull();
    loads.started(ENV, JOB);
    expect(loads.view(ENV)?.state).toBe('loaded');
  });

  it('ignores pages and progress from a job replaced by a reload', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    loads.started(ENV, OLD_JOB);
    expect(loads.begin(ENV)).toBe(OLD_JOB);
    expect(loads.page({ jobId: OLD_JOB, environmentId: ENV, items: [item('stale')] })).toBe(false);
    expect(loads.progress(job(OLD_JOB, 'done'))).toBeNull();
    loads.started(ENV, JOB);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('fresh')] })).toBe(true);
    expect(loads.items(ENV).map((i) => i.name)).toEqual(['fresh']);
  });

  it('ignores pages for another job once the job id is known, and other job kinds', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    loads.started(ENV, JOB);
    expect(loads.page({ jobId: OLD_JOB, environmentId: ENV, items: [item('x')] })).toBe(false);
    expect(loads.progress({ ...job(JOB, 'done'), kind: 'diff' })).toBeNull();
  });
});

describe('SecretLoads: filled-in metadata and search', () => {
  it('indexes pages for search, once per name', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    loads.page({ jobId: JOB, environmentId: ENV, items: [item('app/DB_PASSWORD'), item('billing/db-url')] });
    loads.page({ jobId: JOB, environmentId: ENV, items: [item('app/DB_PASSWORD')] });
    expect(loads.items(ENV)).toHaveLength(2);
    expect(loads.index(ENV)?.search(parseQuery('DB'), 10).total).toBe(2);
  });

  it('fills names-only rows in place, tags searchable, errors kept per name, stale answers dropped', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    loads.page({
      jobId: JOB,
      environmentId: ENV,
      items: [
        { name: 'a', metadataComplete: false },
        { name: 'b', metadataComplete: false },
        { name: 'c', metadataComplete: false },
      ],
    });
    const generation = loads.generation(ENV) ?? -1;
    const row = loads.item(ENV, 'a');
    expect(
      loads.fill(ENV, generation, [
        { name: 'a', summary: { name: 'a', metadataComplete: true, updatedAt: '2026-01-01T00:00:00Z', tags: { team: 'payments' } } },
        { name: 'c', error: { code: 'FORBIDDEN', message: 'The provider refused this operation for this identity: c' } },
      ]),
    ).toBe(true);
    expect(loads.item(ENV, 'a')).toBe(row);
    expect(
      loads.fill(ENV, generation, [
        { name: 'b', summary: { name: 'b', metadataComplete: true, versionCount: 3, providerId: 'kv/data/b', versions: [] } as SecretSummary },
      ]),
    ).toBe(true);
    expect(Object.keys(loads.item(ENV, 'b') ?? {}).sort()).toEqual(['metadataComplete', 'name', 'versionCount']);
    expect(row).toMatchObject({ metadataComplete: true, updatedAt: '2026-01-01T00:00:00Z' });
    expect(loads.index(ENV)?.search(parseQuery('team:payments'), 10).hits).toEqual([row]);
    expect(loads.fillError(ENV, 'c')).toMatch(/^The provider refused/);
    expect(loads.view(ENV)?.filled).toBe(2);
    loads.begin(ENV);
    expect(loads.fill(ENV, generation, [{ name: 'a', summary: { name: 'a', metadataComplete: true } }])).toBe(false);
  });
});
