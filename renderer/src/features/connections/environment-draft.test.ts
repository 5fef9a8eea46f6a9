import { describe, expect, it } from 'vitest';
import { buildEnvironmentInput, emptyEnvironmentDraft, looksLikeProduction, scopeSummary, withName } from './environment-draft';

describe('environment drafts', () => {
  it('guesses protection from the name until the operator sets it', () => {
    expect(looksLikeProduction('production')).toBe(true);
    expect(looksLikeProduction('eu-prod')).toBe(true);
    expect(looksLikeProduction('staging')).toBe(false);
    let draft = withName(emptyEnvironmentDraft('vault'), 'prod');
    expect(draft.protected).toBe(true);
    draft = withName({ ...draft, protected: false, protectedTouched: true }, 'production');
    expect(draft.protected).toBe(false);
  });

  it('defaults the separator to "--" for Azure and "/" elsewhere', () => {
    expect(emptyEnvironmentDraft('azure').separator).toBe('--');
    expect(emptyEnvironmentDraft('aws').separator).toBe('/');
  });

  it('builds each provider scope', () => {
    const vault = buildEnvironmentInput('vault', {
      ...withName(emptyEnvironmentDraft('vault'), 'staging'),
      vault: { mount: '/secret/', prefix: 'staging/' },
    });
    expect(vault).toEqual({
      ok: true,
      value: { name: 'staging', scope: { kind: 'vault', mount: 'secret', prefix: 'staging/' }, nameMapping: { separator: '/' }, protected: false },
    });
    const aws = buildEnvironmentInput('aws', {
      ...withName(emptyEnvironmentDraft('aws', 'us-east-1'), 'prod'),
      aws: { region: 'us-east-1', prefix: 'prod/', tagKey: 'env', tagValue: 'prod' },
    });
    expect(aws.ok && aws.value).toMatchObject({
      scope: { kind: 'aws', region: 'us-east-1', prefix: 'prod/', tag: { key: 'env', value: 'prod' } },
      protected: true,
    });
    const azure = buildEnvironmentInput('azure', { ...withName(emptyEnvironmentDraft('azure'), 'qa'), azure: { vaultUrl: 'ftp://x', prefix: '' } });
    expect(!azure.ok && Object.keys(azure.errors)).toEqual(['azure.vaultUrl']);
  });

  it('summarises scopes on one line', () => {
    expect(scopeSummary({ kind: 'vault', mount: 'secret', prefix: 'staging/' })).toBe('secret/staging/');
    expect(scopeSummary({ kind: 'vault', mount: 'kv', prefix: '' })).toBe('kv/');
    expect(scopeSummary({ kind: 'aws', region: 'eu-west-1', prefix: '', tag: { key: 'env', value: 'prod' } })).toBe(
      'eu-west-1 · all names · tag env=prod',
    );
    expect(scopeSummary({ kind: 'azure', vaultUrl: 'https://kv-prod.vault.azure.net', prefix: 'app-' })).toBe(
      'kv-prod.vault.azure.net · prefix app-',
    );
  });
});
