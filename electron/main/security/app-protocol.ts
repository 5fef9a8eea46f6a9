/**
 * The app:// scheme that serves the renderer build: its privileges, a pure URL → file resolver that
 * refuses anything outside the build folder, and the request handler window.ts installs with
 * protocol.handle (plain Node: it returns a WHATWG Response).
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

import { securityHeaders, type CspOptions } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'keyhole';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: real origin and relative URLs; secure: a secure context like https; supportFetchAPI:
 * module scripts and fetch of the app's own assets. Not bypassCSP (the CSP must hold), not
 * corsEnabled (that would let other origins read app:// responses), no service workers, no stream.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true,
  secure: true,
  supportFetchAPI: true,
} as const);

/** For protocol.registerSchemesAsPrivileged, before app ready. */
export const APP_CUSTOM_SCHEMES = Object.freeze([Object.freeze({ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES })]);

/** The only file types served: what a Vite build of the renderer contains. Anything else is 404. */
export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
});

export type AppUrlResolution =
  | { ok: true; filePath: string; mimeType: string }
  | { ok: false; status: 400 | 404; reason: 'bad-url' | 'foreign-origin' | 'bad-path' | 'unsupported-type' };

/** A decoded path segment that may name a file: no dot-files, separators, NUL or drive colons. */
const UNSAFE_SEGMENT = /^\.|[\\/\0:]/;

/**
 * Maps app://keyhole/<path> to a file under rootDir. The WHATWG parser already folds `.`, `..`,
 * `%2e%2e` segments; this also refuses encoded separators (%2f, %5c), backslashes, dot-files and any
 * result that is not strictly inside rootDir, so a hostile URL can name nothing outside the build.
 */
export function resolveAppUrl(url: string, rootDir: string): AppUrlResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'bad-url' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username !== '' || parsed.password !== '') {
    return { ok: false, status: 404, reason: 'foreign-origin' };
  }
  const rawPath = parsed.pathname === '/' || parsed.pathname === '' ? '/index.html' : parsed.pathname;

  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'bad-path' };
    }
    if (segment === '' || UNSAFE_SEGMENT.test(segment)) return { ok: false, status: 400, reason: 'bad-path' };
    segments.push(segment);
  }

  const filePath = join(rootDir, ...segments);
  // Clean segments cannot climb out; this last check keeps that true if the rules above change.
  const inside = relative(rootDir, filePath);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { ok: false, status: 400, reason: 'bad-path' };
  }
  const mimeType = MIME_TYPES[extname(filePath).toLowerCase()];
  if (mimeType === undefined) return { ok: false, status: 404, reason: 'unsupported-type' };
  return { ok: true, filePath, mimeType };
}

export interface AppRequest {
  url: string;
  method: string;
}

/**
 * The protocol.handle handler: GET/HEAD of files in rootDir with the security headers; every
 * other method is 405, every refused or missing path an empty 4xx (no detail echoed back).
 */
export function createAppRequestHandler(rootDir: string, csp: CspOptions = {}) {
  const headers = securityHeaders(csp);
  return async (request: AppRequest): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...headers, Allow: 'GET, HEAD' } });
    }
    const resolved = resolveAppUrl(request.url, rootDir);
    if (!resolved.ok) return new Response(null, { status: resolved.status, headers });
    let body: Buffer;
    try {
      body = await readFile(resolved.filePath);
    } catch {
      return new Response(null, { status: 404, headers });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': resolved.mimeType, 'Content-Length': String(body.byteLength) },
    });
  };
}
