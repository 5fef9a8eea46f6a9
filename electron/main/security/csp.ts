/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// protocol handler
 * (and by the e2e host, which passes its own WebSocket as the one connect-src).
 *
 * No 'unsafe-inline' anywhere, including style-src-attr: React applies the `style` prop (and the
 * virtualised list's row offsets) through the CSSOM (`element.style.x = ...`), which CSP does not
 * govern; only `style="..."` markup and setAttribute('style') are blocked, and the renderer uses
 * neither. Vite's production build emits external scripts and stylesheets only.
 */

/** connect-src sources a caller may add: loopback HTTP/WebSocket origins only (the e2e host). */
const LOOPBACK_SOURCE = /^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/;

export interface CspOptions {
  /**
   * Where the renderer may connect. Electron passes nothing: every network call goes through main
   * over IPC, so the renderer may connect nowhere. The e2e host passes its loopback WebSocket.
   */
  connectSrc?: readonly string[];
}

export function cspDirectives(options: CspOptions = {}): ReadonlyArray<readonly [string, string]> {
  const connect = options.connectSrc ?? [];
  for (const source of connect) {
    if (!LOOPBACK_SOURCE.test(source)) throw new Error('connect-src accepts loopback origins only');
  }
  return [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    // data: for the TOTP enrolment QR code, which the renderer receives as a data URL.
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', connect.length > 0 ? connect.join(' ') : "'none'"],
    // worker-src would otherwise fall back to script-src 'self'; the renderer starts no workers.
    ['worker-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
  ];
}

export function buildCsp(options: CspOptions = {}): string {
  return cspDirectives(options)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** Headers every renderer response carries, alongside its Content-Type. */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
