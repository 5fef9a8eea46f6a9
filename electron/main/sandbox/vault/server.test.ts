import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed } from '../seed/generate';
import { startVaultSandbox, type VaultSandboxInfo } from './index';
import { exchange, request } from './raw-socket';
import type { SandboxServer } from '../server-handle';

/** The sandbox against Vault's documented HTTP API, over plain fetch and raw sockets. */
const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const NOW = Date.parse('2025-06-01T12:00:00.000Z');

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { errors?: string[]; data?: Record<string, unknown> & { data?: unknown; metadata?: Record<string, unknown> } };
}

describe('the Vault sandbox, over raw HTTP', () => {
  let server: SandboxServer<VaultSandboxInfo>;
  let clock = NOW;
  const seed = generateSeed({ count: 40, seed: 3, now: NOW });

  const call = async (
    method: string,
    path: string,
    options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? server.info.token : options.token;
    if (token !== null) headers['X-Vault-Token'] = token;
    const response = await fetch(`${server.info.url}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text === '' ? {} : JSON.parse(text) };
  };
  const write = (path: string, data: Record<string, unknown>, cas?: number) =>
    call('POST', `/v1/kv/data/${path}`, { body: { data, ...(cas !== undefined ? { options: { cas } } : {}) } });

  beforeAll(async () => {
    server = await startVaultSandbox({ seed, vault: { now: () => clock, tokenTtlSeconds: 60, tokenMaxTtlSeconds: 100 } });
  });
  afterAll(() => server.close());

  describe('KV v2 reads', () => {
    const name = seed.staging.secrets.find((s) => !s.softDeleted && s.versions.length >= 2)?.name ?? '';

    it('reads the latest version in the documented envelope', async () => {
      const { status, json } = await call('GET', `/v1/kv/data/staging/${name}`);
      expect(status).toBe(200);
      expect(json).toMatchObject({
        lease_id: '',
        renewable: false,
        lease_duration: 0,
        wrap_info: null,
        warnings: null,
        auth: null,
        mount_type: 'kv',
      });
      expect(json.request_id).toMatch(/^[0-9a-f-]{36}$/);
      const metadata = json.data?.metadata ?? {};
      expect(metadata.version).toBe(seed.staging.secrets.find((s) => s.name === name)?.versions.length);
      expect(metadata).toMatchObject({ deletion_time: '', destroyed: false });
      expect(metadata.created_time).toMatch(RFC3339_NANO);
      expect(json.data?.data).toBeTypeOf('object');
    });

    it('reads an older version with ?version=', async () => {
      const { status, json } = await call('GET', `/v1/kv/data/staging/${name}?version=1`);
      expect(status).toBe(200);
      expect(json.data?.metadata?.version).toBe(1);
    });

    it('answers a missing key or version with 404 {"errors":[]}', async () => {
      expect(await call('GET', '/v1/kv/data/staging/nope/missing')).toMatchObject({ status: 404, json: { errors: [] } });
      expect(await call('GET', `/v1/kv/data/staging/${name}?version=99`)).toMatchObject({ status: 404, json: { errors: [] } });
    });

    it('answers a soft-deleted version with 404 that still carries the envelope', async () => {
      const deleted = seed.drift.softDeleted[0] ?? '';
      const { status, json } = await call('GET', `/v1/kv/data/staging/${deleted}`);
      expect(status).toBe(404);
      expect(json.data?.data).toBeNull();
      expect(json.data?.metadata?.deletion_time).toMatch(RFC3339_NANO);
      expect(json.data?.metadata?.destroyed).toBe(false);
    });

    it('stores a string seed value as the single field "value"', async () => {
      const plain = seed.production.secrets.find((s) => s.versions.at(-1)?.value.kind === 'string');
      const { json } = await call('GET', `/v1/kv/data/production/${plain?.name}`);
      expect(Object.keys(json.data?.data as object)).toEqual(['value']);
    });
  });

  describe('KV v2 writes and versions', () => {
    it('creates, then enforces check-and-set with Vault’s message', async () => {
      const first = await write('staging/new/cas', { a: '1' }, 0);
      expect(first.status).toBe(200);
      expect(first.json.data).toMatchObject({ version: 1, deletion_time: '', destroyed: false, custom_metadata: null });
      expect(await write('staging/new/cas', { a: '2' }, 0)).toMatchObject({
        status: 400,
        json: { errors: ['check-and-set parameter did not match the current version'] },
      });
      expect((await write('staging/new/cas', { a: '2' }, 1)).json.data?.version).toBe(2);
      expect((await write('staging/new/cas', { a: '3' })).json.data?.version).toBe(3);
    });

    it('requires cas when the key or the mount says cas_required', async () => {
      await write('staging/new/required', { a: '1' });
      expect((await call('POST', '/v1/kv/metadata/staging/new/required', { body: { cas_required: true } })).status).toBe(204);
      expect(await write('staging/new/required', { a: '2' })).toMatchObject({
        status: 400,
        json: { errors: ['check-and-set parameter required for this call'] },
      });
      expect((await write('staging/new/required', { a: '2' }, 1)).status).toBe(200);
    });

    it('refuses a write without data', async () => {
      expect(await call('POST', '/v1/kv/data/staging/new/empty', { body: { options: {} } })).toMatchObject({
        status: 400,
        json: { errors: ['no data provided'] },
      });
      expect((await call('POST', '/v1/kv/data/staging/new/folder/', { body: { data: { a: 1 } } })).status).toBe(400);
      expect((await call('POST', '/v1/kv/data/staging/x', { body: '{not json' })).status).toBe(400);
    });

    it('trims to max_versions on the next write only, and reports oldest_version', async () => {
      for (let i = 0; i < 4; i += 1) await write('staging/new/trim', { i: String(i) });
      expect((await call('POST', '/v1/kv/metadata/staging/new/trim', { body: { max_versions: 2 } })).status).toBe(204);
      const before = await call('GET', '/v1/kv/metadata/staging/new/trim');
      expect(Object.keys(before.json.data?.versions as object)).toEqual(['1', '2', '3', '4']);
      expect(before.json.data).toMatchObject({ current_version: 4, oldest_version: 0, max_versions: 2 });
      await write('staging/new/trim', { i: '4' });
      const after = await call('GET', '/v1/kv/metadata/staging/new/trim');
      expect(Object.keys(after.json.data?.versions as object)).toEqual(['4', '5']);
      expect(after.json.data).toMatchObject({ current_version: 5, oldest_version: 4 });
      expect((await call('GET', '/v1/kv/data/staging/new/trim?version=1')).status).toBe(404);
    });

    it('keeps ten versions by default', async () => {
      for (let i = 0; i < 12; i += 1) await write('staging/new/ten', { i: String(i) });
      const { json } = await call('GET', '/v1/kv/metadata/staging/new/ten');
      expect(Object.keys(json.data?.versions as object)).toHaveLength(10);
      expect(json.data?.oldest_version).toBe(3);
    });

    it('merges a PATCH (application/merge-patch+json) into a new version', async () => {
      await write('staging/new/patch', { keep: 'k', drop: 'd', change: 'old' });
      const headers = { 'Content-Type': 'application/merge-patch+json' };
      const patched = await call('PATCH', '/v1/kv/data/staging/new/patch', {
        headers,
        body: { data: { drop: null, change: 'new', add: 'a' }, options: { cas: 1 } },
      });
      expect(patched.json.data?.version).toBe(2);
      expect((await call('GET', '/v1/kv/data/staging/new/patch')).json.data?.data).toEqual({ keep: 'k', change: 'new', add: 'a' });
      expect((await call('PATCH', '/v1/kv/data/staging/new/patch', { headers, body: { data: { a: 'b' }, options: { cas: 1 } } })).status).toBe(400);
      expect((await call('PATCH', '/v1/kv/data/staging/new/absent', { headers, body: { data: { a: 'b' } } })).status).toBe(404);
      const wrongType = await call('PATCH', '/v1/kv/data/staging/new/patch', { headers: { 'Content-Type': 'application/json' }, body: { data: {} } });
      expect(wrongType.status).toBe(415);
    });

    it('soft-deletes the latest version, deletes, undeletes and destroys versions', async () => {
      for (let i = 0; i < 3; i += 1) await write('staging/new/life', { i: String(i) });
      expect((await call('DELETE', '/v1/kv/data/staging/new/life')).status).toBe(204);
      expect((await call('GET', '/v1/kv/data/staging/new/life')).status).toBe(404);
      expect((await call('POST', '/v1/kv/delete/staging/new/life', { body: { versions: [1] } })).status).toBe(204);
      expect((await call('POST', '/v1/kv/undelete/staging/new/life', { body: { versions: [3] } })).status).toBe(204);
      expect((await call('GET', '/v1/kv/data/staging/new/life')).json.data?.data).toEqual({ i: '2' });
      expect((await call('PUT', '/v1/kv/destroy/staging/new/life', { body: { versions: [2] } })).status).toBe(204);
      const destroyed = await call('GET', '/v1/kv/data/staging/new/life?version=2');
      expect(destroyed.status).toBe(404);
      expect(destroyed.json.data).toMatchObject({ data: null, metadata: { destroyed: true, version: 2 } });
      // A destroyed version cannot be undeleted.
      await call('POST', '/v1/kv/undelete/staging/new/life', { body: { versions: [2] } });
      expect((await call('GET', '/v1/kv/data/staging/new/life?version=2')).json.data?.metadata?.destroyed).toBe(true);
      const versions = (await call('GET', '/v1/kv/metadata/staging/new/life')).json.data?.versions as Record<
        string,
        { deletion_time: string; destroyed: boolean }
      >;
      expect(versions['1']?.deletion_time).toMatch(RFC3339_NANO);
      expect(versions['3']?.deletion_time).toBe('');
      expect(await call('POST', '/v1/kv/delete/staging/new/life', { body: {} })).toMatchObject({
        status: 400,
        json: { errors: ['no version number provided'] },
      });
    });

    it('schedules deletion with delete_version_after and formats it as a Go duration', async () => {
      await call('POST', '/v1/kv/metadata/staging/new/dva', { body: { delete_version_after: '1h30m' } });
      const written = await write('staging/new/dva', { a: '1' });
      expect(Date.parse(String(written.json.data?.deletion_time)) - clock).toBeGreaterThan(89 * 60_000);
      expect((await call('GET', '/v1/kv/metadata/staging/new/dva')).json.data?.delete_version_after).toBe('1h30m0s');
      expect((await call('GET', '/v1/kv/data/staging/new/dva')).status).toBe(200);
      clock += 2 * 3600_000;
      try {
        expect((await call('GET', '/v1/kv/data/staging/new/dva')).status).toBe(404);
      } finally {
        clock -= 2 * 3600_000;
      }
    });

    it('deletes all versions and the metadata with DELETE metadata', async () => {
      await write('staging/new/gone', { a: '1' });
      expect((await call('DELETE', '/v1/kv/metadata/staging/new/gone')).status).toBe(204);
      expect((await call('GET', '/v1/kv/metadata/staging/new/gone')).status).toBe(404);
      expect((await call('GET', '/v1/kv/data/staging/new/gone')).status).toBe(404);
    });

    it('reads the mount config', async () => {
      const { json } = await call('GET', '/v1/kv/config');
      expect(json.data).toEqual({ cas_required: false, delete_version_after: '0s', max_versions: 0 });
    });
  });

  describe('KV v2 metadata', () => {
    it('returns the documented metadata fields', async () => {
      const name = seed.production.secrets[0]?.name ?? '';
      const { status, json } = await call('GET', `/v1/kv/metadata/production/${name}`);
      expect(status).toBe(200);
      const data = json.data ?? {};
      expect(Object.keys(data).sort()).toEqual(
        [
          'cas_required',
          'created_time',
          'current_version',
          'custom_metadata',
          'delete_version_after',
          'max_versions',
          'oldest_version',
          'updated_time',
          'versions',
        ].sort(),
      );
      expect(data.custom_metadata).toEqual(seed.production.secrets[0]?.tags);
      expect(data.created_time).toMatch(RFC3339_NANO);
      expect(data.updated_time).toMatch(RFC3339_NANO);
    });

    it('enforces Vault’s custom_metadata limits with its messages', async () => {
      await write('staging/new/meta', { a: '1' });
      const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
      const tooMany = await call('POST', '/v1/kv/metadata/staging/new/meta', { body: { custom_metadata: many } });
      expect(tooMany).toMatchObject({
        status: 400,
        json: { errors: ['1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n'] },
      });
      const longKey = 'k'.repeat(129);
      const badKey = await call('POST', '/v1/kv/metadata/staging/new/meta', { body: { custom_metadata: { [longKey]: 'v', ok: 'x'.repeat(513) } } });
      expect(badKey.status).toBe(400);
      expect(badKey.json.errors?.[0]).toBe(
        `2 errors occurred:\n\t* custom_metadata validation failed: length of key "${longKey}" is 129 but must be 0 < len(key) <= 128\n\t* custom_metadata validation failed: length of value for key "ok" is 513 but must be <= 512\n\n`,
      );
      const fine = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, 'v'.repeat(512)]));
      expect((await call('POST', '/v1/kv/metadata/staging/new/meta', { body: { custom_metadata: fine } })).status).toBe(204);
    });

    it('merge-patches metadata and 404s a missing key', async () => {
      await write('staging/new/mpatch', { a: '1' });
      await call('POST', '/v1/kv/metadata/staging/new/mpatch', { body: { custom_metadata: { a: '1', b: '2' } } });
      const headers = { 'Content-Type': 'application/merge-patch+json' };
      expect(
        (await call('PATCH', '/v1/kv/metadata/staging/new/mpatch', { headers, body: { custom_metadata: { a: null, c: '3' }, max_versions: 5 } }))
          .status,
      ).toBe(204);
      expect((await call('GET', '/v1/kv/metadata/staging/new/mpatch')).json.data).toMatchObject({
        custom_metadata: { b: '2', c: '3' },
        max_versions: 5,
      });
      expect((await call('PATCH', '/v1/kv/metadata/staging/new/nothing', { headers, body: { max_versions: 1 } })).status).toBe(404);
    });
  });

  describe('LIST', () => {
    it('lists a folder with the LIST verb over a raw socket', async () => {
      const { responses } = await exchange(
        Number(new URL(server.info.url).port),
        request('LIST', '/v1/kv/metadata/production/', { 'X-Vault-Token': server.info.token }),
      );
      expect(responses[0]?.status).toBe(200);
      const keys = (JSON.parse(responses[0]?.body ?? '{}') as { data: { keys: string[] } }).data.keys;
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.endsWith('/'))).toBe(true);
      expect([...keys].sort()).toEqual(keys);
    });

    it('lists with GET ?list=true and ?list=1, with or without the trailing slash', async () => {
      const a = await call('GET', '/v1/kv/metadata/staging?list=true');
      const b = await call('GET', '/v1/kv/metadata/staging/?list=1');
      const c = await call('LIST', '/v1/kv/metadata/staging/');
      expect(a.status).toBe(200);
      expect(a.json.data).toEqual(b.json.data);
      expect(c.json.data).toEqual(b.json.data);
    });

    it('lists keys and folders side by side, keys without a slash', async () => {
      await write('staging/tree/leaf', { a: '1' });
      await write('staging/tree/leaf/child', { a: '1' });
      expect((await call('LIST', '/v1/kv/metadata/staging/tree')).json.data).toEqual({ keys: ['leaf', 'leaf/'] });
      expect((await call('LIST', '/v1/kv/metadata/')).json.data).toEqual({ keys: ['production/', 'staging/'] });
    });

    it('answers a missing folder with 404 {"errors":[]} and prunes emptied folders', async () => {
      expect(await call('LIST', '/v1/kv/metadata/staging/nothing-here/')).toMatchObject({ status: 404, json: { errors: [] } });
      await write('staging/prune/a/b', { a: '1' });
      await call('DELETE', '/v1/kv/metadata/staging/prune/a/b');
      expect((await call('LIST', '/v1/kv/metadata/staging/prune/')).status).toBe(404);
    });

    it('refuses LIST on data paths as an unsupported operation', async () => {
      expect((await call('LIST', '/v1/kv/data/staging/')).status).toBe(405);
    });
  });

  describe('tokens and auth methods', () => {
    it('answers a missing token and a wrong token with 403', async () => {
      expect(await call('GET', '/v1/kv/metadata/staging?list=1', { token: null })).toMatchObject({
        status: 403,
        json: { errors: ['permission denied'] },
      });
      expect(await call('GET', '/v1/kv/metadata/staging?list=1', { token: 'hvs.wrong' })).toMatchObject({
        status: 403,
        json: { errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] },
      });
    });

    it('looks up the root token', async () => {
      const { json } = await call('GET', '/v1/auth/token/lookup-self');
      expect(json.data).toMatchObject({
        display_name: 'root',
        policies: ['root'],
        expire_time: null,
        ttl: 0,
        renewable: false,
        path: 'auth/token/root',
      });
      expect((await call('POST', '/v1/auth/token/renew-self', { body: {} })).status).toBe(400);
    });

    it('logs in with userpass and answers wrong passwords as Vault does', async () => {
      const { username, password } = server.info.userpass;
      const ok = await call('POST', `/v1/auth/userpass/login/${username}`, { token: null, body: { password } });
      expect(ok.status).toBe(200);
      expect(ok.json.auth).toMatchObject({ policies: ['default', 'kv-writer'], lease_duration: 60, renewable: true, token_type: 'service' });
      expect(String((ok.json.auth as { client_token: string }).client_token)).toMatch(/^hvs\./);
      expect(await call('POST', `/v1/auth/userpass/login/${username}`, { token: null, body: { password: 'nope' } })).toMatchObject({
        status: 400,
        json: { errors: ['invalid username or password'] },
      });
      expect((await call('GET', `/v1/auth/userpass/login/${username}`, { token: null })).status).toBe(405);
    });

    it('logs in with LDAP and AppRole', async () => {
      const ldap = await call('POST', `/v1/auth/ldap/login/${server.info.ldap.username}`, {
        token: null,
        body: { password: server.info.ldap.password },
      });
      expect(ldap.status).toBe(200);
      expect(await call('POST', `/v1/auth/ldap/login/${server.info.ldap.username}`, { token: null, body: { password: 'x' } })).toMatchObject({
        status: 400,
        json: { errors: ['ldap operation failed: failed to bind as user'] },
      });
      const { roleId, secretId } = server.info.approle;
      expect((await call('POST', '/v1/auth/approle/login', { token: null, body: { role_id: roleId, secret_id: secretId } })).status).toBe(200);
      expect(await call('POST', '/v1/auth/approle/login', { token: null, body: { role_id: roleId, secret_id: 'x' } })).toMatchObject({
        status: 400,
        json: { errors: ['invalid role or secret ID'] },
      });
    });

    it('gives login tokens a TTL, renews them up to the max TTL and refuses them once expired', async () => {
      const login = await call('POST', `/v1/auth/userpass/login/${server.info.userpass.username}`, {
        token: null,
        body: { password: server.info.userpass.password },
      });
      const token = (login.json.auth as { client_token: string }).client_token;
      const looked = await call('GET', '/v1/auth/token/lookup-self', { token });
      expect(looked.json.data).toMatchObject({ ttl: 60, renewable: true, display_name: 'userpass-operator', creation_ttl: 60 });
      expect(looked.json.data?.expire_time).toMatch(RFC3339_NANO);
      clock += 50_000;
      const renewed = await call('POST', '/v1/auth/token/renew-self', { token, body: {} });
      expect((renewed.json.auth as { lease_duration: number }).lease_duration).toBe(50);
      expect((renewed.json.warnings as string[])[0]).toContain('exceeded the effective max_ttl');
      clock += 51_000;
      try {
        expect(await call('GET', '/v1/auth/token/lookup-self', { token })).toMatchObject({
          status: 403,
          json: { errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] },
        });
      } finally {
        clock -= 101_000;
      }
    });

    it('applies ACL policies: a read-only identity gets 403 permission denied on writes', async () => {
      const login = await call('POST', `/v1/auth/ldap/login/${server.info.ldapReader.username}`, {
        token: null,
        body: { password: server.info.ldapReader.password },
      });
      const token = (login.json.auth as { client_token: string }).client_token;
      const name = seed.staging.secrets.find((s) => !s.softDeleted)?.name ?? '';
      expect((await call('GET', `/v1/kv/data/staging/${name}`, { token })).status).toBe(200);
      expect((await call('LIST', '/v1/kv/metadata/staging/', { token })).status).toBe(200);
      expect(await call('POST', '/v1/kv/data/staging/x', { token, body: { data: { a: 1 } } })).toMatchObject({
        status: 403,
        json: { errors: ['1 error occurred:\n\t* permission denied\n\n'] },
      });
      expect((await call('GET', '/v1/sys/mounts', { token })).status).toBe(403);
    });
  });

  describe('namespaces', () => {
    it('serves team-a through X-Vault-Namespace and through the path', async () => {
      const headers = { 'X-Vault-Namespace': server.info.namespace };
      const listed = await call('LIST', '/v1/kv/metadata/staging/', { headers });
      expect(listed.status).toBe(200);
      const inPath = await call('LIST', `/v1/${server.info.namespace}/kv/metadata/staging/`);
      expect(inPath.json.data).toEqual(listed.json.data);
      await call('POST', '/v1/kv/data/staging/ns-only', { headers, body: { data: { a: '1' } } });
      expect((await call('GET', '/v1/kv/data/staging/ns-only', { headers })).status).toBe(200);
      expect((await call('GET', '/v1/kv/data/staging/ns-only')).status).toBe(404);
    });

    it('routes an unknown namespace to a path no handler serves', async () => {
      const { status, json } = await call('GET', '/v1/kv/data/staging/a', { headers: { 'X-Vault-Namespace': 'nope' } });
      expect(status).toBe(404);
      expect(json.errors?.[0]).toBe('no handler for route "nope/kv/data/staging/a". route entry not found.');
    });

    it('binds login tokens to their namespace', async () => {
      const headers = { 'X-Vault-Namespace': server.info.namespace };
      const login = await call('POST', `/v1/auth/userpass/login/${server.info.userpass.username}`, {
        token: null,
        headers,
        body: { password: server.info.userpass.password },
      });
      const token = (login.json.auth as { client_token: string }).client_token;
      expect((await call('GET', '/v1/auth/token/lookup-self', { token, headers })).json.data?.namespace_path).toBe('team-a/');
      expect((await call('GET', '/v1/auth/token/lookup-self', { token })).status).toBe(403);
    });
  });

  describe('sys', () => {
    it('lists kv/ as a version 2 KV mount in sys/mounts and sys/internal/ui/mounts', async () => {
      const mounts = await call('GET', '/v1/sys/mounts');
      expect(mounts.json['kv/']).toMatchObject({ type: 'kv', options: { version: '2' } });
      expect(mounts.json.data?.['sys/']).toMatchObject({ type: 'system' });
      expect(mounts.json.data?.['cubbyhole/']).toMatchObject({ type: 'cubbyhole' });
      const ui = await call('GET', '/v1/sys/internal/ui/mounts');
      expect((ui.json.data?.secret as Record<string, unknown>)['kv/']).toMatchObject({ type: 'kv', options: { version: '2' } });
      expect((await call('GET', '/v1/sys/internal/ui/mounts/kv/data/x')).json.data).toMatchObject({ type: 'kv', path: 'kv/' });
    });

    it('answers sys/health without a token', async () => {
      const { status, json } = await call('GET', '/v1/sys/health', { token: null });
      expect(status).toBe(200);
      expect(json).toMatchObject({ initialized: true, sealed: false, standby: false });
    });

    it('redirects an unclean path as Go’s mux does and 404s unknown routes', async () => {
      const redirected = await call('GET', '/v1/kv/data//staging/x');
      expect(redirected.status).toBe(301);
      expect(redirected.headers.get('location')).toBe('/v1/kv/data/staging/x');
      expect((await call('GET', '/v1/nothing/here')).json.errors?.[0]).toBe('no handler for route "nothing/here". route entry not found.');
    });
  });

  describe('knobs', () => {
    it('answers with 500, 429 (rate limit quota) and dropped sockets on demand', async () => {
      server.knobs.errorRate = 1;
      try {
        expect(await call('GET', '/v1/kv/config')).toMatchObject({ status: 500, json: { errors: ['internal error'] } });
      } finally {
        server.knobs.errorRate = 0;
      }
      server.knobs.throttleRate = 1;
      try {
        const throttled = await call('GET', '/v1/kv/config');
        expect(throttled).toMatchObject({ status: 429, json: { errors: ['request path "kv/config": rate limit quota exceeded'] } });
        expect(throttled.headers.get('retry-after')).toBe('1');
      } finally {
        server.knobs.throttleRate = 0;
      }
      server.knobs.dropRate = 1;
      try {
        await expect(call('GET', '/v1/kv/config')).rejects.toThrow();
      } finally {
        server.knobs.dropRate = 0;
      }
    });

    it('adds latency', async () => {
      server.knobs.latencyMs = 120;
      const started = performance.now();
      try {
        await call('GET', '/v1/sys/health');
      } finally {
        server.knobs.latencyMs = 0;
      }
      expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    });
  });
});

describe('the Vault sandbox rate-limit quota', () => {
  it('throttles beyond the configured rate when enforceRateLimits is on', async () => {
    const server = await startVaultSandbox({ seed: generateSeed({ count: 5 }), knobs: { enforceRateLimits: true }, vault: { rateLimitRps: 5 } });
    try {
      const statuses = await Promise.all(Array.from({ length: 12 }, () => fetch(`${server.info.url}/v1/sys/health`).then((r) => r.status)));
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    } finally {
      await server.close();
    }
  });
});
