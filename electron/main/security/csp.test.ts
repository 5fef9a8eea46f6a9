import { describe, expect, it } from 'vitest';

import { buildCsp, cspDirectives, securityHeaders } from './csp';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('buildCsp', () => {
  const csp = directives(buildCsp());

  it('denies by default and allows only the app origin for code and styles', () => {
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe("'self' data:");
    expect(csp.get('font-src')).toBe("'self'");
    expect(csp.get('worker-src')).toBe("'none'");
  });

  it('lets the Electron renderer connect nowhere', () => {
    expect(csp.get('connect-src')).toBe("'none'");
  });

  it('closes base, form, framing and plugin routes', () => {
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
  });

  it('never allows inline code, eval or inline style attributes', () => {
    const text = buildCsp();
    expect(text).not.toMatch(/unsafe-|wasm-unsafe|strict-dynamic|\*/);
    expect(csp.has('style-src-attr')).toBe(false);
    expect(csp.has('script-src-attr')).toBe(false);
    expect([...csp.keys()]).toHaveLength(cspDirectives().length);
  });

  it('takes the e2e host loopback WebSocket as connect-src', () => {
    const host = directives(buildCsp({ connectSrc: ['ws://127.0.0.1:43123'] }));
    expect(host.get('connect-src')).toBe('ws://127.0.0.1:43123');
    expect(host.get('script-src')).toBe("'self'");
  });

  it.each([['https://evil.example'], ["'unsafe-inline'"], ['*'], ['ws://127.0.0.1:1; script-src *'], ['ws://127.0.0.1.evil.example'], ['data:']])(
    'refuses a non-loopback connect-src %s',
    (source) => {
      expect(() => buildCsp({ connectSrc: [source] })).toThrow();
    },
  );
});

describe('securityHeaders', () => {
  it('sends the CSP with nosniff, no referrer and same-origin isolation', () => {
    const headers = securityHeaders();
    expect(headers['Content-Security-Policy']).toBe(buildCsp());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Cross-Origin-Resource-Policy']).toBe('same-origin');
  });
});
