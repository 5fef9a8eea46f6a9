import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import type { SandboxServer } from '../server-handle';
import { startAzureSandbox, toAzureName, type AzureSandboxInfo } from './index';
import { fetchToken, rawRequest, type RawResponse } from './testing';

const API = 'api-version=7.5';
const NOW = Date.parse('2025-01-15T12:00:00Z');

interface KvErrorBody {
  error: { code: string; message: string; innererror?: { code: string } };
}

describe('Azure Key Vault sandbox over raw HTTPS', () => {
  let sandbox: SandboxServer<AzureSandboxInfo>;
  let ca: string;
  let token: string;
  const seed = generateSeed({ count: 60, now: NOW, seed: 7 });

  beforeAll(async () => {
    sandbox = await startAzureSandbox({ seed, settleMs: 150, vaultTransactionsPerSecond: 20 });
    ca = readFileSync(sandbox.info.caCertPath, 'utf8');
    token = await fetchToken(sandbox.info, ca);
  });
  afterAll(() => sandbox.close());

  const vault = (
    env: 'staging' | 'production',
    path: string,
    init: { method?: string; body?: unknown; auth?: string | null } = {},
  ): Promise<RawResponse> =>
    rawRequest(`${sandbox.info.vaultUrls[env]}${path}`, {
      ca,
      method: init.method ?? 'GET',
      headers: {
        ...(init.auth === null ? {} : { authorization: `Bearer ${init.auth ?? token}` }),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  it('answers a request without a token with 401 and the Bearer challenge, whatever the method', async () => {
    for (const method of ['GET', 'PUT']) {
      const res = await vault('staging', `/secrets/anything?${API}`, { method, auth: null });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(
        `Bearer authorization="${sandbox.info.authorityHost}/${sandbox.info.tenantId}", resource="https://vault.azure.net"`,
      );
      expect((res.json() as KvErrorBody).error.code).toBe('Unauthorized');
      expect(res.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('refuses a tampered token with the challenge again', async () => {
    const [header, payload] = token.split('.');
    const res = await vault('staging', `/secrets?${API}`, { auth: `${header}.${payload}.AAAA` });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('resource="https://vault.azure.net"');
  });

  it('serves OIDC discovery with an issuer on its own origin, and a JWKS', async () => {
    const { authorityHost, tenantId } = sandbox.info;
    const doc = (await rawRequest(`${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`, { ca })).json() as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${authorityHost}/${tenantId}/oauth2/v2.0/token`);
    expect(new URL(doc.issuer ?? '').origin).toBe(authorityHost);
    const jwks = (await rawRequest(doc.jwks_uri ?? '', { ca })).json() as { keys: Array<{ kty: string }> };
    expect(jwks.keys[0]?.kty).toBe('RSA');
  });

  it('issues JWT access tokens with oid, appid, tid and exp for the client-credentials grant', () => {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'https://vault.azure.net', appid: sandbox.info.clientId, tid: sandbox.info.tenantId });
    expect(typeof claims.oid).toBe('string');
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses a wrong client secret with invalid_client and a bad scope with invalid_scope', async () => {
    const { authorityHost, tenantId, clientId } = sandbox.info;
    const post = (form: Record<string, string>) =>
      rawRequest(`${authorityHost}/${tenantId}/oauth2/v2.0/token`, {
        ca,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, ...form }).toString(),
      });
    const wrong = await post({ client_secret: 'not-the-secret', scope: 'https://vault.azure.net/.default' });
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const scope = await post({ client_secret: sandbox.info.clientSecret, scope: 'https://vault.azure.net/read' });
    expect(scope.status).toBe(400);
    expect(scope.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('rejects a missing or unknown api-version with BadParameter', async () => {
    const missing = await vault('staging', '/secrets');
    expect(missing.status).toBe(400);
    expect((missing.json() as KvErrorBody).error.code).toBe('BadParameter');
    const unknown = await vault('staging', '/secrets?api-version=2016-10-01');
    expect(unknown.status).toBe(400);
    for (const version of ['7.4', '2025-07-01', '2026-04-01']) {
      expect((await vault('staging', `/secrets?api-version=${version}&maxresults=1`)).status).toBe(200);
    }
  });

  it('stores versions, reads the latest at /secrets/{name}/ and a version by id, times in epoch seconds', async () => {
    const first = await vault('staging', `/secrets/raw-one?${API}`, {
      method: 'PUT',
      body: { value: 'v1', contentType: 'text/plain', tags: { a: '1' } },
    });
    expect(first.status).toBe(200);
    const firstBody = first.json() as { id: string; value: string; attributes: { created: number; enabled: boolean } };
    expect(firstBody.value).toBe('v1');
    expect(firstBody.id).toMatch(new RegExp(`^${sandbox.info.vaultUrls.staging}/secrets/raw-one/[0-9a-f]{32}$`));
    expect(Number.isInteger(firstBody.attributes.created)).toBe(true);
    expect(firstBody.attributes.created).toBeLessThan(1e11);
    await vault('staging', `/secrets/raw-one?${API}`, { method: 'PUT', body: { value: 'v2' } });
    const latest = (await vault('staging', `/secrets/RAW-ONE/?${API}`)).json() as { value: string; tags?: unknown };
    expect(latest.value).toBe('v2');
    expect(latest.tags).toBeUndefined();
    const version = firstBody.id.split('/').at(-1) ?? '';
    expect(((await vault('staging', `/secrets/raw-one/${version}?${API}`)).json() as { value: string }).value).toBe('v1');
    const versions = (await vault('staging', `/secrets/raw-one/versions?${API}`)).json() as { value: Array<{ id: string; value?: string }> };
    expect(versions.value).toHaveLength(2);
    expect(versions.value.every((v) => v.value === undefined)).toBe(true);
  });

  it('answers a missing secret with 404 SecretNotFound and an invalid name with 400', async () => {
    const missing = await vault('staging', `/secrets/nope/?${API}`);
    expect(missing.status).toBe(404);
    expect((missing.json() as KvErrorBody).error.code).toBe('SecretNotFound');
    const invalid = await vault('staging', `/secrets/bad_name?${API}`, { method: 'PUT', body: { value: 'x' } });
    expect(invalid.status).toBe(400);
    expect((invalid.json() as KvErrorBody).error.code).toBe('BadParameter');
  });

  it('refuses to read a disabled version with 403 Forbidden, and PATCH re-enables it', async () => {
    const put = (await vault('staging', `/secrets/raw-disabled?${API}`, { method: 'PUT', body: { value: 'x' } })).json() as { id: string };
    const version = put.id.split('/').at(-1) ?? '';
    const patched = await vault('staging', `/secrets/raw-disabled/${version}?${API}`, {
      method: 'PATCH',
      body: { attributes: { enabled: false, exp: 1_900_000_000 } },
    });
    expect(patched.status).toBe(200);
    expect((patched.json() as { value?: string; attributes: { exp: number } }).attributes.exp).toBe(1_900_000_000);
    const refused = await vault('staging', `/secrets/raw-disabled/?${API}`);
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({
      error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.', innererror: { code: 'SecretDisabled' } },
    });
    await vault('staging', `/secrets/raw-disabled/${version}?${API}`, { method: 'PATCH', body: { attributes: { enabled: true, exp: null } } });
    const again = (await vault('staging', `/secrets/raw-disabled/?${API}`)).json() as { attributes: { exp?: number } };
    expect(again.attributes.exp).toBeUndefined();
  });

  it('pages with an absolute nextLink and maxresults from 1 to 25', async () => {
    const names: string[] = [];
    let link: string | null = `${sandbox.info.vaultUrls.production}/secrets?${API}&maxresults=7`;
    while (link) {
      expect(link.startsWith(sandbox.info.vaultUrls.production)).toBe(true);
      const page = (await rawRequest(link, { ca, headers: { authorization: `Bearer ${token}` } })).json() as {
        value: Array<{ id: string }>;
        nextLink: string | null;
      };
      expect(page.value.length).toBeLessThanOrEqual(7);
      names.push(...page.value.map((v) => v.id.split('/').at(-1) ?? ''));
      link = page.nextLink;
    }
    const expected = seed.production.secrets.filter((s) => !s.softDeleted).map((s) => toAzureName(s.name).toLowerCase());
    expect(names.map((n) => n.toLowerCase()).sort()).toEqual([...new Set(expected)].sort());
    expect((await vault('production', `/secrets?${API}&maxresults=26`)).status).toBe(400);
  });

  it('loads the seed: "--" names, fields as JSON strings, the disabled and the soft-deleted secret', async () => {
    const withFields = seed.production.secrets.find((s) => s.versions.at(-1)?.value.kind === 'fields' && s.enabled !== false);
    const bundle = (await vault('production', `/secrets/${toAzureName(withFields?.name ?? '')}/?${API}`)).json() as {
      value: string;
      contentType: string;
    };
    expect(bundle.contentType).toBe('application/json');
    expect(JSON.parse(bundle.value)).toEqual((withFields?.versions.at(-1)?.value as { fields: unknown }).fields);
    const disabled = seed.production.secrets.find((s) => s.enabled === false);
    expect((await vault('production', `/secrets/${toAzureName(disabled?.name ?? '')}/?${API}`)).status).toBe(403);
    const deletedName = toAzureName(seed.drift.softDeleted[0] ?? '');
    expect((await vault('staging', `/secrets/${deletedName}/?${API}`)).status).toBe(404);
    const deleted = await vault('staging', `/deletedsecrets/${deletedName}?${API}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toMatchObject({ recoveryId: `${sandbox.info.vaultUrls.staging}/deletedsecrets/${deletedName}` });
    const expiring = seed.production.secrets.find((s) => s.expiresAt !== undefined && s.enabled !== false);
    const exp = ((await vault('production', `/secrets/${toAzureName(expiring?.name ?? '')}/?${API}`)).json() as { attributes: { exp: number } })
      .attributes.exp;
    expect(exp).toBe(Math.floor(Date.parse(expiring?.expiresAt ?? '') / 1000));
  });

  it('deletes asynchronously: 404 from deletedsecrets until it settles, 409 on reuse, then recover and purge', async () => {
    await vault('staging', `/secrets/raw-gone?${API}`, { method: 'PUT', body: { value: 'x' } });
    const deleted = await vault('staging', `/secrets/raw-gone?${API}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toMatchObject({ recoveryId: `${sandbox.info.vaultUrls.staging}/deletedsecrets/raw-gone` });
    expect((deleted.json() as { value?: string }).value).toBeUndefined();
    expect((await vault('staging', `/deletedsecrets/raw-gone?${API}`)).status).toBe(404);
    expect((await vault('staging', `/secrets/raw-gone/?${API}`)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const settled = await vault('staging', `/deletedsecrets/raw-gone?${API}`);
    expect(settled.status).toBe(200);
    const listed = (await vault('staging', `/deletedsecrets?${API}`)).json() as { value: Array<{ recoveryId: string; deletedDate: number }> };
    expect(listed.value.some((d) => d.recoveryId.endsWith('/raw-gone'))).toBe(true);
    const reuse = await vault('staging', `/secrets/raw-gone?${API}`, { method: 'PUT', body: { value: 'y' } });
    expect(reuse.status).toBe(409);
    expect((reuse.json() as KvErrorBody).error).toEqual({
      code: 'Conflict',
      message:
        'Secret raw-gone is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.',
    });
    expect((await vault('staging', `/deletedsecrets/raw-gone/recover?${API}`, { method: 'POST' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(((await vault('staging', `/secrets/raw-gone/?${API}`)).json() as { value: string }).value).toBe('x');
    await vault('staging', `/secrets/raw-gone?${API}`, { method: 'DELETE' });
    expect((await vault('staging', `/deletedsecrets/raw-gone?${API}`, { method: 'DELETE' })).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await vault('staging', `/deletedsecrets/raw-gone?${API}`, { method: 'DELETE' })).status).toBe(204);
    expect((await vault('staging', `/deletedsecrets/raw-gone?${API}`, { method: 'DELETE' })).status).toBe(404);
    expect((await vault('staging', `/secrets/raw-gone?${API}`, { method: 'PUT', body: { value: 'z' } })).status).toBe(200);
  });

  it('throttles with 429 Throttled and Retry-After, fails with 500, and drops connections, per the knobs', async () => {
    sandbox.knobs.throttleRate = 1;
    const throttled = await vault('staging', `/secrets?${API}`);
    sandbox.knobs.throttleRate = 0;
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect((throttled.json() as KvErrorBody).error.code).toBe('Throttled');
    sandbox.knobs.errorRate = 1;
    const failed = await vault('staging', `/secrets?${API}`);
    sandbox.knobs.errorRate = 0;
    expect(failed.status).toBe(500);
    sandbox.knobs.dropRate = 1;
    await expect(vault('staging', `/secrets?${API}`)).rejects.toThrow();
    sandbox.knobs.dropRate = 0;
  });

  it('enforces the per-vault transaction limit when asked, with Retry-After in seconds', async () => {
    sandbox.knobs.enforceRateLimits = true;
    const answers = await Promise.all(Array.from({ length: 40 }, () => vault('production', `/secrets?${API}&maxresults=1`)));
    const other = await vault('staging', `/secrets?${API}&maxresults=1`);
    sandbox.knobs.enforceRateLimits = false;
    const throttled = answers.find((a) => a.status === 429);
    expect(throttled?.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(other.status).toBe(200);
  });
});

describe('Azure Key Vault sandbox persistence', () => {
  it('keeps secrets, the CA and the service principal across restarts in dataDir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'keyhole-azure-test-'));
    try {
      const first = await startAzureSandbox({ seed: generateSeed({ count: 20 }), dataDir });
      const ca = readFileSync(first.info.caCertPath, 'utf8');
      const token = await fetchToken(first.info, ca);
      await rawRequest(`${first.info.vaultUrls.staging}/secrets/kept?${API}`, {
        ca,
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'still here' }),
      });
      const { clientSecret, tenantId } = first.info;
      await first.close();

      const second = await startAzureSandbox({ seed: generateSeed({ count: 5, seed: 99 }), dataDir });
      try {
        expect(readFileSync(second.info.caCertPath, 'utf8')).toBe(ca);
        expect(second.info).toMatchObject({ clientSecret, tenantId });
        const again = await fetchToken(second.info, ca);
        const res = await rawRequest(`${second.info.vaultUrls.staging}/secrets/kept/?${API}`, { ca, headers: { authorization: `Bearer ${again}` } });
        expect((res.json() as { value: string }).value).toBe('still here');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
