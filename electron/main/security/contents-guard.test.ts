import { describe, expect, it } from 'vitest';

import { createNavigationGuard, createWindowOpenHandler, refuseCertificateError, refuseDownload, refuseWebview } from './contents-guard';

function navigation(url: string) {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('createNavigationGuard', () => {
  it('lets in-app navigation through untouched', () => {
    const opened: string[] = [];
    const event = navigation('app://keyhole/index.html');
    createNavigationGuard((url) => opened.push(url))(event);
    expect(event.prevented).toBe(false);
    expect(opened).toEqual([]);
  });

  it('stops an allow-listed link and hands it to the OS browser', () => {
    const opened: string[] = [];
    const event = navigation('https://developer.hashicorp.com/vault/docs');
    createNavigationGuard((url) => opened.push(url))(event);
    expect(event.prevented).toBe(true);
    expect(opened).toEqual(['https://developer.hashicorp.com/vault/docs']);
  });

  it('stops anything else and opens nothing', () => {
    const opened: string[] = [];
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://github.com/']) {
      const event = navigation(url);
      createNavigationGuard((u) => opened.push(u))(event);
      expect(event.prevented, url).toBe(true);
    }
    expect(opened).toEqual([]);
  });

  it('without an opener (frames, redirects) only stops', () => {
    const event = navigation('https://github.com/');
    createNavigationGuard()(event);
    expect(event.prevented).toBe(true);
  });
});

describe('createWindowOpenHandler', () => {
  it('always denies the in-app window, opening only allow-listed links outside', () => {
    const opened: string[] = [];
    const handler = createWindowOpenHandler((url) => opened.push(url));
    expect(handler({ url: 'https://learn.microsoft.com/azure' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://keyhole/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://learn.microsoft.com/azure']);
  });
});

describe('refusals', () => {
  it('prevents webviews and downloads', () => {
    const webview = navigation('');
    refuseWebview(webview);
    expect(webview.prevented).toBe(true);
    const download = navigation('');
    refuseDownload(download);
    expect(download.prevented).toBe(true);
  });

  it('never trusts a certificate Chromium refused', () => {
    const answers: boolean[] = [];
    const event = navigation('');
    refuseCertificateError(event, null, 'https://x', 'net::ERR_CERT_AUTHORITY_INVALID', {}, (trusted) => answers.push(trusted));
    expect(answers).toEqual([false]);
    expect(event.prevented).toBe(false);
  });
});
