import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4 as the SDKs and the CLI compute it (header-based signing), used by the
 * sandbox to verify requests and by tests to sign raw ones. Presigned query URLs are not accepted.
 */
export interface SignableRequest {
  method: string;
  /** Path as sent on the wire (percent-encoded), without the query. */
  path: string;
  /** Raw query string without "?". */
  query: string;
  /** Header name/value pairs as received (Node's rawHeaders flattened into pairs). */
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface AuthorizationHeader {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Parses `AWS4-HMAC-SHA256 Credential=.../aws4_request, SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string): AuthorizationHeader | { error: string } {
  if (!header.startsWith(`${ALGORITHM} `)) return { error: "Unsupported AWS 'algorithm'" };
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [
    credential === undefined ? "Authorization header requires 'Credential' parameter." : '',
    signedHeaders === undefined ? "Authorization header requires 'SignedHeaders' parameter." : '',
    signature === undefined ? "Authorization header requires 'Signature' parameter." : '',
  ].filter(Boolean);
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return { error: `${missing.join(' ')} Authorization=${ALGORITHM}` };
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    return { error: `Credential should be scoped to a valid region.` };
  }
  const [accessKeyId = '', scopeDate = '', region = '', service = ''] = scope;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

function canonicalPath(rawPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    decoded = rawPath;
  }
  const segments: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join('/')}${segments.length > 0 && decoded.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [escapeUri(safeDecode(key)), escapeUri(safeDecode(value))] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  const values = headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v.trim().replace(/\s+/g, ' '));
  return values.length > 0 ? values.join(',') : undefined;
}

export function canonicalRequest(request: SignableRequest, signedHeaders: string[]): string {
  const headerLines = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  return [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    headerLines,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

export function computeSignature(
  secretAccessKey: string,
  amzDate: string,
  scope: { date: string; region: string; service: string },
  canonical: string,
): string {
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonical)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, scope.date);
  key = hmac(key, scope.region);
  key = hmac(key, scope.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `20240102T030405Z` for a time. */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses `20240102T030405Z` (or an HTTP date) to epoch ms; NaN when malformed. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Date.parse(value);
}

export interface SignOptions {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
  now?: number;
}

/** Signs a raw request as an SDK would; returns the headers to send. */
export function signRequest(options: SignOptions): Record<string, string> {
  const date = amzDate(options.now ?? Date.now());
  const headers: Record<string, string> = { ...options.headers, host: options.url.host, 'x-amz-date': date };
  if (options.sessionToken !== undefined) headers['x-amz-security-token'] = options.sessionToken;
  const pairs = Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v] as [string, string]);
  const signed = pairs.map(([k]) => k).sort();
  const canonical = canonicalRequest(
    {
      method: options.method,
      path: options.url.pathname,
      query: options.url.search.replace(/^\?/, ''),
      headers: pairs,
      body: Buffer.from(options.body),
    },
    signed,
  );
  const signature = computeSignature(
    options.secretAccessKey,
    date,
    { date: date.slice(0, 8), region: options.region, service: options.service },
    canonical,
  );
  headers.authorization = `${ALGORITHM} Credential=${options.accessKeyId}/${date.slice(0, 8)}/${options.region}/${options.service}/aws4_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}
