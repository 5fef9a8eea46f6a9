import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyholeError } from '../../../../../shared/errors';
import { generateTlsMaterial, type TlsMaterial } from '../../../sandbox/azure/tls';
import { listAll, startVaultFixture, type VaultFixture } from './sandbox-fixture';

describe('a Vault served over HTTPS by a private CA', () => {
  let fixture: VaultFixture;
  let tls: TlsMaterial;

  beforeAll(async () => {
    tls = generateTlsMaterial();
    fixture = await startVaultFixture({ vault: { tls: { key: tls.serverKeyPem, cert: tls.serverCertPem } } });
  });
  afterAll(() => fixture.close());

  it('is reached by a connection that trusts the CA', async () => {
    expect(fixture.server.info.url).toMatch(/^https:/);
    const provider = fixture.provider({ deps: { caPem: tls.caCertPem } });
    expect((await provider.identity()).principal).toBe('root');
    expect((await listAll(provider)).names.length).toBeGreaterThan(0);
  });

  it('is refused by a connection that does not, and the trust never becomes process-wide', async () => {
    const error = await fixture
      .provider()
      .identity()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyholeError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as KeyholeError).detail).toMatch(/CERT|SIGNATURE|ISSUER/);
    expect(https.globalAgent.options.ca).toBeUndefined();
    await expect(fetch(`${fixture.server.info.url}/v1/sys/health`)).rejects.toThrow();
  });
});
