import NodeVault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import type { SandboxServer } from '../server-handle';
import { startVaultSandbox, type VaultSandboxInfo } from './index';

/** node-vault 0.12, unchanged, against the sandbox: both LIST forms, writes, errors as it reports them. */
describe('the Vault sandbox through node-vault', () => {
  let server: SandboxServer<VaultSandboxInfo>;
  const seed = generateSeed({ count: 30, seed: 11 });
  const client = (options: Partial<NodeVault.VaultOptions> = {}) => NodeVault({ endpoint: server.info.url, token: server.info.token, ...options });

  beforeAll(async () => {
    server = await startVaultSandbox({ seed });
  });
  afterAll(() => server.close());

  it('lists with the LIST verb (node-vault’s default) and with GET ?list=1 alike', async () => {
    const verb = await client().list('kv/metadata/staging/');
    const query = await client({ noCustomHTTPVerbs: true }).list('kv/metadata/staging/');
    expect(verb.data.keys.length).toBeGreaterThan(0);
    expect(query.data).toEqual(verb.data);
  });

  it('writes with cas and reads back, and reports a CAS mismatch with Vault’s message', async () => {
    const vault = client();
    const written = await vault.write('kv/data/staging/sdk/one', { options: { cas: 0 }, data: { user: 'u', pass: 'p' } });
    expect(written.data.version).toBe(1);
    const read = await vault.read('kv/data/staging/sdk/one');
    expect(read.data.data).toEqual({ user: 'u', pass: 'p' });
    const error = await vault.write('kv/data/staging/sdk/one', { options: { cas: 0 }, data: { a: 'b' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'check-and-set parameter did not match the current version', response: { statusCode: 400 } });
  });

  it('patches with merge-patch through client.update', async () => {
    const vault = client();
    await vault.write('kv/data/staging/sdk/patch', { data: { a: '1', b: '2' } });
    await vault.update('kv/data/staging/sdk/patch', { data: { b: null, c: '3' } });
    expect((await vault.read('kv/data/staging/sdk/patch')).data.data).toEqual({ a: '1', c: '3' });
  });

  it('rejects 404s with "Status 404" and keeps the deleted envelope on the error', async () => {
    const vault = client();
    const missing = await vault.read('kv/data/staging/sdk/absent').catch((e: unknown) => e);
    expect(missing).toMatchObject({ message: 'Status 404', response: { statusCode: 404, body: { errors: [] } } });
    await vault.write('kv/data/staging/sdk/del', { data: { a: '1' } });
    await vault.delete('kv/data/staging/sdk/del');
    const deleted = (await vault.read('kv/data/staging/sdk/del').catch((e: unknown) => e)) as {
      response: { body: { data: { metadata: { deletion_time: string } } } };
    };
    expect(deleted.response.body.data.metadata.deletion_time).not.toBe('');
  });

  it('logs in through the SDK’s login helpers and uses the token they set', async () => {
    const userpass = NodeVault({ endpoint: server.info.url });
    await userpass.userpassLogin({ username: server.info.userpass.username, password: server.info.userpass.password });
    expect((await userpass.tokenLookupSelf()).data.display_name).toBe('userpass-operator');
    const ldap = NodeVault({ endpoint: server.info.url });
    await ldap.ldapLogin({ username: server.info.ldap.username, password: server.info.ldap.password });
    expect((await ldap.tokenRenewSelf()).auth.renewable).toBe(true);
    const approle = NodeVault({ endpoint: server.info.url });
    await approle.approleLogin({ role_id: server.info.approle.roleId, secret_id: server.info.approle.secretId });
    expect((await approle.list('kv/metadata/')).data.keys).toEqual(['production/', 'staging/']);
    const wrong = await NodeVault({ endpoint: server.info.url })
      .userpassLogin({ username: server.info.userpass.username, password: 'nope' })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ message: 'invalid username or password', response: { statusCode: 400 } });
  });

  it('sends the namespace header and reads the namespace’s data', async () => {
    const vault = client({ namespace: server.info.namespace });
    await vault.write('kv/data/staging/only-in-team-a', { data: { a: '1' } });
    expect((await vault.read('kv/data/staging/only-in-team-a')).data.data).toEqual({ a: '1' });
    await expect(client().read('kv/data/staging/only-in-team-a')).rejects.toMatchObject({ response: { statusCode: 404 } });
  });

  it('answers health and mounts the way the SDK reads them', async () => {
    expect(await client().health()).toMatchObject({ initialized: true, sealed: false });
    expect((await client().mounts())['kv/']).toMatchObject({ type: 'kv', options: { version: '2' } });
  });
});
