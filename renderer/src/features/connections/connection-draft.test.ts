import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../../shared/ipc/contract';
import { buildConnectionInput, buildConnectionPatch, editDraftOf, emptyDraft, withoutSecrets, type ConnectionDraft } from './connection-draft';

/** Keyhole's own sandbox connections (not Electron's sandbox flag): these fixtures are the operator's. */
const madeBySandbox = false;

function draft(change: (d: ConnectionDraft) => void): ConnectionDraft {
  const d = emptyDraft();
  d.name = 'Team Vault';
  change(d);
  return d;
}

const vaultConnection: ConnectionView = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Vault',
  config: { kind: 'vault', address: 'http://127.0.0.1:8200', auth: { method: 'token' } },
  readOnly: false,
  sandbox: madeBySandbox,
  createdAt: '2026-01-01T00:00:00Z',
  hasCredential: true,
};

describe('buildConnectionInput', () => {
  it('builds a Vault token connection with the token as its only secret', () => {
    const built = buildConnectionInput(draft((d) => Object.assign(d.vault, { address: ' http://127.0.0.1:8200 ', token: 'hvs.x' })));
    expect(built).toEqual({
      ok: true,
      value: {
        name: 'Team Vault',
        config: { kind: 'vault', address: 'http://127.0.0.1:8200', auth: { method: 'token' } },
        readOnly: false,
        secrets: { token: 'hvs.x' },
      },
    });
  });

  it('asks main to import the Vault CLI token instead of sending one, even if one was typed', () => {
    const built = buildConnectionInput(draft((d) => Object.assign(d.vault, { address: 'http://127.0.0.1:8200', token: 'typed', importToken: true })));
    expect(built).toEqual({
      ok: true,
      value: {
        name: 'Team Vault',
        config: { kind: 'vault', address: 'http://127.0.0.1:8200', auth: { method: 'token' } },
        readOnly: false,
        secrets: {},
        importCredential: true,
      },
    });
    // Only the token method imports.
    const userpass = buildConnectionInput(
      draft((d) => Object.assign(d.vault, { address: 'https://v', method: 'userpass', username: 'ops', password: 'p', importToken: true })),
    );
    expect(userpass.ok && 'importCredential' in userpass.value).toBe(false);
  });

  it('builds Vault userpass and approle with their non-secret fields in config and mount path when given', () => {
    const userpass = buildConnectionInput(
      draft((d) => Object.assign(d.vault, { address: 'https://v', method: 'userpass', username: 'ops', password: 'p', mountPath: 'corp' })),
    );
    expect(userpass.ok && userpass.value.config).toEqual({
      kind: 'vault',
      address: 'https://v',
      auth: { method: 'userpass', username: 'ops', mountPath: 'corp' },
    });
    expect(userpass.ok && userpass.value.secrets).toEqual({ password: 'p' });
    const approle = buildConnectionInput(
      draft((d) => Object.assign(d.vault, { address: 'https://v', namespace: 'team', method: 'approle', roleId: 'r', secretId: 's' })),
    );
    expect(approle.ok && approle.value.config).toEqual({
      kind: 'vault',
      address: 'https://v',
      namespace: 'team',
      auth: { method: 'approle', roleId: 'r' },
    });
    expect(approle.ok && approle.value.secrets).toEqual({ secretId: 's' });
  });

  it('builds AWS keys with an optional session token, and profile / default chain without secrets', () => {
    const keys = buildConnectionInput(
      draft((d) => {
        d.provider = 'aws';
        Object.assign(d.aws, { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'k' });
      }),
    );
    expect(keys.ok && keys.value.config).toEqual({
      kind: 'aws',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      auth: { method: 'keys', accessKeyId: 'AKIAABCDEFGHIJKLMNOP' },
    });
    expect(keys.ok && keys.value.secrets).toEqual({ secretAccessKey: 'k' });
    const profile = buildConnectionInput(draft((d) => ((d.provider = 'aws'), Object.assign(d.aws, { method: 'profile', profile: 'prod-admin' }))));
    expect(profile.ok && profile.value).toMatchObject({ config: { auth: { method: 'profile', profile: 'prod-admin' } }, secrets: {} });
  });

  it('builds Azure client secret and CLI', () => {
    const secret = buildConnectionInput(
      draft((d) => ((d.provider = 'azure'), Object.assign(d.azure, { tenantId: 't', clientId: 'c', clientSecret: 's' }))),
    );
    expect(secret.ok && secret.value).toMatchObject({
      config: { kind: 'azure', tenantId: 't', auth: { method: 'client-secret', clientId: 'c' } },
      secrets: { clientSecret: 's' },
    });
    const cli = buildConnectionInput(draft((d) => ((d.provider = 'azure'), Object.assign(d.azure, { tenantId: 't', method: 'cli' }))));
    expect(cli.ok && cli.value.secrets).toEqual({});
  });

  it('reports missing and malformed fields by key', () => {
    const built = buildConnectionInput({ ...emptyDraft(), proxyUrl: 'ftp://x' });
    expect(built.ok).toBe(false);
    expect(!built.ok && Object.keys(built.errors).sort()).toEqual(['name', 'proxyUrl', 'vault.address', 'vault.token']);
    const aws = buildConnectionInput(draft((d) => ((d.provider = 'aws'), Object.assign(d.aws, { region: 'Europe', accessKeyId: 'lower' }))));
    expect(!aws.ok && Object.keys(aws.errors).sort()).toEqual(['aws.accessKeyId', 'aws.region', 'aws.secretAccessKey']);
  });

  it('withoutSecrets empties every credential field and keeps the rest', () => {
    const d = draft((x) => Object.assign(x.vault, { address: 'https://v', token: 't', password: 'p', secretId: 's', username: 'u' }));
    Object.assign(d.aws, { secretAccessKey: 'a', sessionToken: 'b' });
    d.azure.clientSecret = 'c';
    const cleared = withoutSecrets(d);
    expect(JSON.stringify(cleared)).not.toMatch(/"(t|p|s|a|b|c)"/);
    expect(cleared.vault.username).toBe('u');
    expect(cleared.vault.address).toBe('https://v');
  });
});

describe('buildConnectionPatch', () => {
  it('sends only what changed', () => {
    const d = editDraftOf(vaultConnection);
    expect(buildConnectionPatch(vaultConnection, d)).toEqual({ ok: true, value: { id: vaultConnection.id } });
    expect(buildConnectionPatch(vaultConnection, { ...d, name: 'Renamed', readOnly: true })).toEqual({
      ok: true,
      value: { id: vaultConnection.id, name: 'Renamed', readOnly: true },
    });
  });

  it('moves the endpoint in the config and replaces the credential only when typed', () => {
    const built = buildConnectionPatch(vaultConnection, {
      ...editDraftOf(vaultConnection),
      endpoint: 'https://vault.example',
      credential: { token: 'new' },
    });
    expect(built).toEqual({
      ok: true,
      value: {
        id: vaultConnection.id,
        config: { kind: 'vault', address: 'https://vault.example', auth: { method: 'token' } },
        secrets: { token: 'new' },
      },
    });
    expect(buildConnectionPatch(vaultConnection, { ...editDraftOf(vaultConnection), endpoint: 'nope' }).ok).toBe(false);
  });

  it('asks for every required credential field once one is typed', () => {
    const aws: ConnectionView = {
      ...vaultConnection,
      config: { kind: 'aws', region: 'us-east-1', auth: { method: 'keys', accessKeyId: 'AKIAABCDEFGHIJKLMNOP' } },
    };
    const built = buildConnectionPatch(aws, { ...editDraftOf(aws), credential: { sessionToken: 'x' } });
    expect(!built.ok && built.errors).toEqual({ 'credential.secretAccessKey': 'Secret access key is required to replace the credential' });
  });
});
