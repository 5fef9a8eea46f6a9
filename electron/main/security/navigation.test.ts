import { describe, expect, it } from 'vitest';

import { EXTERNAL_LINK_HOSTS, externalLinkPolicy, isAllowedNavigation, isAllowedRequest, isAppUrl } from './navigation';

describe('isAllowedNavigation', () => {
  it.each(['app://keyhole/index.html', 'app://keyhole/', 'app://keyhole/index.html#/diff?env=prod'])('allows the app origin: %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    'https://keyhole',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://keyhole.evil.example/index.html',
    'app://keyhole:8080/index.html',
    'app://user:pw@keyhole/index.html',
    'app:keyhole/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'https://developer.hashicorp.com/vault/docs',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('externalLinkPolicy', () => {
  it.each([
    'https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html',
    'https://learn.microsoft.com/en-us/azure/key-vault/',
    'https://github.com/keyhole/keyhole/issues',
  ])('opens allow-listed https documentation outside: %s', (url) => {
    expect(externalLinkPolicy(url)).toEqual({ action: 'open-external', url });
  });

  it.each([
    'http://developer.hashicorp.com/vault',
    'https://evil.example/',
    'https://github.com.evil.example/',
    'https://evilgithub.com/',
    'https://gist.github.com/',
    'https://user:pw@github.com/',
    'https://github.com:8443/',
    'file:///home/user/.aws/credentials',
    'smb://server/share',
    'javascript:alert(1)',
    'app://keyhole/index.html',
    'mailto:someone@example.com',
    'not a url',
  ])('refuses %s', (url) => {
    expect(externalLinkPolicy(url)).toEqual({ action: 'deny' });
  });

  it('returns the parsed, normalised URL rather than the raw string', () => {
    expect(externalLinkPolicy('https://GitHub.com/a/../b')).toEqual({ action: 'open-external', url: 'https://github.com/b' });
  });

  it('keeps the host list small and frozen', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual(['developer.hashicorp.com', 'docs.aws.amazon.com', 'learn.microsoft.com', 'github.com']);
    expect(Object.isFrozen(EXTERNAL_LINK_HOSTS)).toBe(true);
  });
});

describe('isAllowedRequest', () => {
  it('allows only the app origin, and DevTools pages only when DevTools are on', () => {
    expect(isAllowedRequest('app://keyhole/assets/index.js', false)).toBe(true);
    expect(isAllowedRequest('https://vault.example:8200/v1/sys/health', false)).toBe(false);
    expect(isAllowedRequest('ws://127.0.0.1:9000/', false)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', false)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', true)).toBe(true);
    expect(isAllowedRequest('https://evil.example/', true)).toBe(false);
    expect(isAppUrl('app://keyhole/x')).toBe(true);
  });
});
