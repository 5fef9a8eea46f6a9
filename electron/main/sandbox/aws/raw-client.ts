import { signRequest } from './sigv4';

/**
 * Signs and sends raw requests to the AWS sandbox for tests that check the wire itself
 * (status codes, bodies, headers) without an SDK in between.
 */
export interface RawKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface RawOptions {
  service?: string;
  region?: string;
  /** The signing time (default now). */
  signedAt?: number;
  /** Changes the body after signing. */
  tamper?: (body: string) => string;
  unsigned?: boolean;
}

export async function sendSigned(
  endpoint: string,
  keys: RawKeys,
  headers: Record<string, string>,
  body: string,
  options: RawOptions = {},
): Promise<RawAnswer> {
  const url = new URL('/', endpoint);
  const signed = options.unsigned
    ? { ...headers }
    : signRequest({
        method: 'POST',
        url,
        headers,
        body,
        accessKeyId: keys.accessKeyId,
        secretAccessKey: keys.secretAccessKey,
        ...(keys.sessionToken !== undefined ? { sessionToken: keys.sessionToken } : {}),
        region: options.region ?? 'us-east-1',
        service: options.service ?? 'secretsmanager',
        ...(options.signedAt !== undefined ? { now: options.signedAt } : {}),
      });
  delete signed.host;
  const response = await fetch(url, { method: 'POST', headers: signed, body: options.tamper ? options.tamper(body) : body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function callJson(endpoint: string, keys: RawKeys, operation: string, body: unknown, options: RawOptions = {}): Promise<RawAnswer> {
  return sendSigned(
    endpoint,
    keys,
    { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `secretsmanager.${operation}` },
    typeof body === 'string' ? body : JSON.stringify(body),
    options,
  );
}

export function callSts(endpoint: string, keys: RawKeys, params: Record<string, string>, options: RawOptions = {}): Promise<RawAnswer> {
  return sendSigned(
    endpoint,
    keys,
    { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
    { service: 'sts', ...options },
  );
}
