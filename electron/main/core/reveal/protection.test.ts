import { describe, expect, it } from 'vitest';
import type { Connection, Environment, EnvironmentScope } from '../../../../shared/connections';
import { isProtectedPath } from './protection';

/** Keyhole's own sandbox connections (not Electron's sandbox flag): these fixtures are the operator's. */
const madeBySandbox = false;

const connection = (id: string, config: Connection['config']): Connection => ({
  id,
  name: id,
  config,
  readOnly: false,
  sandbox: madeBySandbox,
  createdAt: '',
});
const environment = (id: string, connectionId: string, scope: EnvironmentScope, isProtected: boolean): Environment => ({
  id,
  connectionId,
  name: id,
  scope,
  nameMapping: { separator: '/' },
  protected: isProtected,
  createdAt: '',
});

const vaultA = connection('11111111-1111-4111-8111-111111111111', { kind: 'vault', address: 'https://vault.example.com', auth: { method: 'token' } });
const vaultB = connection('22222222-2222-4222-8222-222222222222', {
  kind: 'vault',
  address: 'https://vault.example.com/',
  auth: { method: 'token' },
});
const aws = connection('33333333-3333-4333-8333-333333333333', { kind: 'aws', region: 'eu-west-1', auth: { method: 'default-chain' } });
const azure = connection('44444444-4444-4444-8444-444444444444', { kind: 'azure', tenantId: 't', auth: { method: 'default' } });

describe('isProtectedPath', () => {
  it('is the environment flag when no other protected scope reaches the path', () => {
    const staging = environment('s', vaultA.id, { kind: 'vault', mount: 'kv', prefix: 'staging/' }, false);
    const production = environment('p', vaultA.id, { kind: 'vault', mount: 'kv', prefix: 'production/' }, true);
    const all = { connections: [vaultA], environments: [staging, production] };
    expect(isProtectedPath(production, vaultA, 'db', all)).toBe(true);
    expect(isProtectedPath(staging, vaultA, 'db', all)).toBe(false);
  });

  it('covers a path reached through an unprotected environment, even from another connection to the same Vault', () => {
    const everything = environment('e', vaultB.id, { kind: 'vault', mount: '/kv/', prefix: '' }, false);
    const production = environment('p', vaultA.id, { kind: 'vault', mount: 'kv', prefix: 'production' }, true);
    const all = { connections: [vaultA, vaultB], environments: [everything, production] };
    expect(isProtectedPath(everything, vaultB, 'production/db', all)).toBe(true);
    expect(isProtectedPath(everything, vaultB, 'productionish/db', all)).toBe(false);
    expect(isProtectedPath(everything, vaultB, 'staging/db', all)).toBe(false);
    const otherMount = environment('o', vaultB.id, { kind: 'vault', mount: 'kv2', prefix: '' }, false);
    expect(isProtectedPath(otherMount, vaultB, 'production/db', { ...all, environments: [...all.environments, otherMount] })).toBe(false);
  });

  it('compares AWS prefixes per region and treats a tag-scoped protected environment as covering its region', () => {
    const all = (protectedScope: EnvironmentScope) => ({
      connections: [aws],
      environments: [
        environment('w', aws.id, { kind: 'aws', region: 'eu-west-1', prefix: '' }, false),
        environment('p', aws.id, protectedScope, true),
      ],
    });
    const wide = all({ kind: 'aws', region: 'eu-west-1', prefix: 'prod/' });
    expect(isProtectedPath(wide.environments[0]!, aws, 'prod/db', wide)).toBe(true);
    expect(isProtectedPath(wide.environments[0]!, aws, 'dev/db', wide)).toBe(false);
    const elsewhere = all({ kind: 'aws', region: 'us-east-1', prefix: '' });
    expect(isProtectedPath(elsewhere.environments[0]!, aws, 'prod/db', elsewhere)).toBe(false);
    const tagged = all({ kind: 'aws', region: 'eu-west-1', prefix: '', tag: { key: 'env', value: 'prod' } });
    expect(isProtectedPath(tagged.environments[0]!, aws, 'dev/db', tagged)).toBe(true);
  });

  it('compares Azure vaults and name prefixes without regard to case', () => {
    const wide = environment('w', azure.id, { kind: 'azure', vaultUrl: 'https://kv.vault.azure.net/', prefix: '' }, false);
    const prod = environment('p', azure.id, { kind: 'azure', vaultUrl: 'https://KV.vault.azure.net', prefix: 'prod-' }, true);
    const all = { connections: [azure], environments: [wide, prod] };
    expect(isProtectedPath(wide, azure, 'PROD-db', all)).toBe(true);
    expect(isProtectedPath(wide, azure, 'dev-db', all)).toBe(false);
  });
});
