import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir';
import { importCredentials } from './import-credentials';

describe('importing a credential in main', () => {
  const tempDir = useTempDir();
  const vault = { kind: 'vault' as const, address: 'http://127.0.0.1:8200', auth: { method: 'token' as const } };

  it('reads the Vault CLI token from ~/.vault-token', async () => {
    const home = tempDir();
    writeFileSync(join(home, '.vault-token'), 'hvs.kh-imported-token\n');
    expect(await importCredentials(vault, home)).toEqual({ token: 'hvs.kh-imported-token' });
  });

  it('says plainly when there is no token file, naming only the file', async () => {
    await expect(importCredentials(vault, tempDir())).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Not found: ~/.vault-token' });
  });

  it('imports nothing for other auth methods', async () => {
    await expect(importCredentials({ ...vault, auth: { method: 'userpass', username: 'a' } }, tempDir())).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });
});
