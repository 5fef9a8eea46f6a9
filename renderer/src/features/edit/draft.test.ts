import { describe, expect, it } from 'vitest';
import { draftProblem, emptyDraft, toInput, touched } from './draft';
import { metaDraftOf, metaProblem, newTag, toPatch } from './metadata-draft';

describe('value drafts', () => {
  it('sends only typed fields and the ones marked for removal', () => {
    const draft = emptyDraft('fields', ['password', 'user', 'host']);
    expect(touched(draft)).toBe(false);
    draft.rows[0]!.value = 'new';
    draft.rows[2]!.remove = true;
    draft.rows.push({ id: 99, name: 'port', value: '5432', existing: false, remove: false });
    expect(touched(draft)).toBe(true);
    expect(toInput(draft)).toEqual({ kind: 'fields', set: { password: 'new', port: '5432' }, remove: ['host'] });
  });

  it('says what is wrong before main is asked', () => {
    expect(draftProblem({ mode: 'json', text: '{"a":', rows: [] })).toBe('This is not valid JSON.');
    expect(draftProblem({ mode: 'json', text: '{"a":"b"}', rows: [] })).toBeNull();
    const twice = emptyDraft('fields', ['a']);
    twice.rows.push({ id: 98, name: 'a', value: 'x', existing: false, remove: false });
    expect(draftProblem(twice)).toBe('Two fields have the same name.');
  });
});

describe('metadata drafts', () => {
  it('patches only what changed, and only what the provider keeps', () => {
    const base = metaDraftOf({ name: 'a', providerId: 'p', metadataComplete: true, tags: { owner: 'ops' }, maxVersions: 3 });
    const draft = { ...base, tags: [newTag('owner', 'platform')], description: 'ignored for vault' };
    expect(toPatch(draft, ['tags', 'maxVersions', 'casRequired'], base)).toEqual({ tags: { owner: 'platform' } });
    expect(toPatch({ ...base, maxVersions: '7' }, ['tags', 'maxVersions'], base)).toEqual({ maxVersions: 7 });
    expect(toPatch({ ...base, expiresAt: '' }, ['expiresAt'], { ...base, expiresAt: '2030-01-01T00:00' })).toEqual({ expiresAt: null });
    expect(metaProblem({ ...base, maxVersions: 'x' })).toMatch(/whole number/);
  });
});
