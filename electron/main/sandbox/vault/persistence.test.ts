import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import { startVaultSandbox } from './index';

describe('Vault sandbox persistence', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps data, credentials and tokens across a restart with the same dataDir', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'keyhole-vault-'));
    dirs.push(dataDir);
    const first = await startVaultSandbox({ seed: generateSeed({ count: 20, seed: 1 }), dataDir });
    const headers = { 'X-Vault-Token': first.info.token };
    await fetch(`${first.info.url}/v1/kv/data/staging/persisted`, { method: 'POST', headers, body: JSON.stringify({ data: { a: '1' } }) });
    await fetch(`${first.info.url}/v1/kv/data/staging/persisted`, { method: 'POST', headers, body: JSON.stringify({ data: { a: '2' } }) });
    const login = await fetch(`${first.info.url}/v1/auth/userpass/login/${first.info.userpass.username}`, {
      method: 'POST',
      body: JSON.stringify({ password: first.info.userpass.password }),
    });
    const loginToken = ((await login.json()) as { auth: { client_token: string } }).auth.client_token;
    await first.close();

    // A different seed proves the snapshot, not the seed, is what a restart loads.
    const second = await startVaultSandbox({ seed: generateSeed({ count: 5, seed: 2 }), dataDir });
    try {
      expect(second.info.token).toBe(first.info.token);
      expect(second.info.userpass).toEqual(first.info.userpass);
      const read = await fetch(`${second.info.url}/v1/kv/data/staging/persisted`, { headers: { 'X-Vault-Token': second.info.token } });
      expect(((await read.json()) as { data: { data: unknown; metadata: { version: number } } }).data).toMatchObject({
        data: { a: '2' },
        metadata: { version: 2 },
      });
      const lookup = await fetch(`${second.info.url}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': loginToken } });
      expect(lookup.status).toBe(200);
      const listed = await fetch(`${second.info.url}/v1/kv/metadata/staging/?list=true`, { headers: { 'X-Vault-Token': second.info.token } });
      expect(((await listed.json()) as { data: { keys: string[] } }).data.keys).toContain('persisted');
    } finally {
      await second.close();
    }
  });

  it('writes the snapshot atomically (no temporary file left) and privately', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'keyhole-vault-'));
    dirs.push(dataDir);
    const server = await startVaultSandbox({ seed: generateSeed({ count: 5 }), dataDir });
    await server.close();
    expect(await readdir(dataDir)).toEqual(['vault.json']);
    expect((await stat(path.join(dataDir, 'vault.json'))).mode & 0o777).toBe(0o600);
  });
});
