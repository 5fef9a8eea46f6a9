import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { APP_CUSTOM_SCHEMES, APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppRequestHandler, resolveAppUrl } from './app-protocol';
import { buildCsp } from './csp';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'keyhole-app-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Keyhole</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export const asset = 1;');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(base, 'outside.js'), 'stolen');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('scheme privileges', () => {
  it('is standard, secure and fetchable, and nothing more', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_CUSTOM_SCHEMES).toEqual([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    expect(APP_ENTRY_URL).toBe('app://keyhole/index.html');
  });
});

describe('resolveAppUrl', () => {
  it.each([
    ['app://keyhole/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://keyhole/', 'index.html', 'text/html; charset=utf-8'],
    ['app://keyhole', 'index.html', 'text/html; charset=utf-8'],
    ['app://keyhole/assets/index-abc.js?v=1#x', `assets${sep}index-abc.js`, 'text/javascript; charset=utf-8'],
    ['app://keyhole/assets/INDEX-ABC.CSS', `assets${sep}INDEX-ABC.CSS`, 'text/css; charset=utf-8'],
    // The URL parser folds dot segments that stay inside the root before we see them.
    ['app://keyhole/assets/../index.html', 'index.html', 'text/html; charset=utf-8'],
  ])('maps %s inside the build folder', (url, rel, mimeType) => {
    expect(resolveAppUrl(url, root)).toEqual({ ok: true, filePath: join(root, rel), mimeType });
  });

  it.each([
    ['app://keyhole/../outside.js', 'outside.js'],
    ['app://keyhole/../../../../etc/passwd.txt', `etc${sep}passwd.txt`],
    ['app://keyhole/%2e%2e/outside.js', 'outside.js'],
    ['app://keyhole/%2E%2E/%2E%2E/etc/passwd.txt', `etc${sep}passwd.txt`],
    ['app://keyhole/.%2e/assets/../outside.js', 'outside.js'],
  ])('clamps the dot segments of %s at the root, as a browser does', (url, rel) => {
    expect(resolveAppUrl(url, root)).toMatchObject({ ok: true, filePath: join(root, rel) });
  });

  it.each([
    'app://keyhole/assets/..%2f..%2foutside.js',
    'app://keyhole/assets/%2e%2e%2f%2e%2e%2foutside.js',
    'app://keyhole/..%5c..%5coutside.js',
    'app://keyhole/assets\\..\\..\\outside.js',
    'app://keyhole/%5cetc%5cpasswd.txt',
    'app://keyhole//etc/passwd.txt',
    'app://keyhole/%2fetc%2fpasswd.txt',
    'app://keyhole/C:%5cWindows%5cwin.ini.txt',
    'app://keyhole/c:/Windows/win.ini.txt',
    'app://keyhole/index.html%00.js',
    'app://keyhole/%E0%A4%A.js',
    'app://keyhole/.env',
    'app://keyhole/assets/',
    'app://keyhole/assets//index-abc.js',
  ])('refuses the traversal or bad path %s', (url) => {
    const result = resolveAppUrl(url, root);
    expect(result.ok).toBe(false);
    if (result.ok) expect.unreachable(`${url} resolved to ${result.filePath}`);
  });

  it.each([
    'app://other/index.html',
    'app://keyhole.evil/index.html',
    'app://user@keyhole/index.html',
    'app://keyhole:1234/index.html',
    'file:///etc/passwd',
    'https://keyhole/index.html',
    '/index.html',
    '',
  ])('refuses a foreign or malformed origin %s', (url) => {
    expect(resolveAppUrl(url, root).ok).toBe(false);
  });

  it.each(['app://keyhole/assets/index-abc.js.map', 'app://keyhole/main.node', 'app://keyhole/app.asar', 'app://keyhole/readme'])(
    'serves only known file types: %s',
    (url) => {
      expect(resolveAppUrl(url, root)).toMatchObject({ ok: false, reason: 'unsupported-type' });
    },
  );

  it('never resolves outside the root for arbitrary input', () => {
    const pieces = ['..', '%2e%2e', '.', '%2e', '%2f', '%5c', '\\', 'a', 'index.html', '', '%00', 'C:', '~'];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const result = resolveAppUrl(`app://keyhole/${a}/${b}/${c}`, root);
          if (result.ok) expect(result.filePath.startsWith(root + sep), result.filePath).toBe(true);
        }
  });
});

describe('createAppRequestHandler', () => {
  const handler = () => createAppRequestHandler(root);

  it('serves a file with its type and the security headers', async () => {
    const response = await handler()({ url: 'app://keyhole/assets/index-abc.js', method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('export const asset = 1;');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(buildCsp());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers HEAD without a body', async () => {
    const response = await handler()({ url: APP_ENTRY_URL, method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-length')).toBe(String('<!doctype html><title>Keyhole</title>'.length));
  });

  it('refuses traversal with an empty 400 that still carries the CSP', async () => {
    const response = await handler()({ url: 'app://keyhole/assets/..%2f..%2foutside.js', method: 'GET' });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-security-policy')).toBe(buildCsp());
  });

  it('answers 404 for a missing file, a clamped traversal and a folder', async () => {
    expect((await handler()({ url: 'app://keyhole/../outside.js', method: 'GET' })).status).toBe(404);
    expect((await handler()({ url: 'app://keyhole/missing.js', method: 'GET' })).status).toBe(404);
    mkdirSync(join(root, 'folder.js'), { recursive: true });
    expect((await handler()({ url: 'app://keyhole/folder.js', method: 'GET' })).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler()({ url: APP_ENTRY_URL, method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('passes the host connect-src through to the header', async () => {
    const response = await createAppRequestHandler(root, { connectSrc: ['ws://127.0.0.1:4000'] })({
      url: APP_ENTRY_URL,
      method: 'GET',
    });
    expect(response.headers.get('content-security-policy')).toContain('connect-src ws://127.0.0.1:4000');
  });
});
