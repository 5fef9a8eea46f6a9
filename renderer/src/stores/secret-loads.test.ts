import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/ipc/contract';
import { filterSecrets, SecretLoads } from './secret-loads';

const ENV = '00000000-0000-4000-8000-000000000001';
const JOB = '00000000-0000-4000-8000-0000000000aa';
const OLD_JOB = '00000000-0000-4000-8000-0000000000bb';

function job(id: string, state: JobView['state'], error: JobView['error'] = null): JobView {
  return { id, kind: 'secrets.load', label: 'x', state, done: 0, total: null, startedAt: '2026-01-01T00:00:00Z', error };
}
const item = (name: string) => ({ name, metadataComplete: true });

describe('SecretLoads', () => {
  it('streams pages into a loading environment and finishes on the done progress', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    loads.started(ENV, JOB);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('b'), item('c')] })).toBe(true);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('a')] })).toBe(true);
    expect(loads.view(ENV)).toEqual({ state: 'loading', count: 3, error: null });
    expect(loads.items(ENV).map((i) => i.name)).toEqual(['b', 'c', 'a']);
    expect(loads.progress(job(JOB, 'done'))).toBe(ENV);
    expect(loads.view(ENV)?.state).toBe('loaded');
    expect(loads.items(ENV).map((i) => i.name)).toEqual(['a', 'b', 'c']);
  });

  it('accepts pages and a terminal state that arrive before the job id is known', () => {
    const loads = new SecretLoads();
    loads.begin(ENV);
    expect(loads.page({ jobId: JOB, environmentId: ENV, items: [item('a')] })).toBe(true);
    expect(loads.progress(job('00000000-0000-4000-8000-0000000000cc', 'done'))).toBeNull();
    loads.started(ENV, JOB);
    expect(loads.progress(job(JOB, 'failed', { code: 'UNAVAILABLE', message: 'The provider could not be reached' }))).toBe(ENV);
    expect(loads.view(ENV)).toEqual({ state: 'failed', count: 1, error: 'The provider could not be reached' });
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

describe('filterSecrets', () => {
  const items = [item('app/DB_PASSWORD'), item('app/api-key'), item('billing/db-url')];
  it('matches a substring case-insensitively and returns the same array for an empty query', () => {
    expect(filterSecrets(items, ' ')).toBe(items);
    expect(filterSecrets(items, 'DB').map((i) => i.name)).toEqual(['app/DB_PASSWORD', 'billing/db-url']);
  });
});
