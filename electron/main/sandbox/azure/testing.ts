import { request } from 'node:https';

/** Raw HTTPS for tests that check the wire: status, headers and body exactly as sent. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

export function rawRequest(
  url: string,
  options: { ca: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A client-credentials token from the sandbox's authority, the way MSAL asks for one. */
export async function fetchToken(
  info: { authorityHost: string; tenantId: string; clientId: string; clientSecret: string },
  ca: string,
): Promise<string> {
  const res = await rawRequest(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: info.clientId,
      client_secret: info.clientSecret,
      scope: 'https://vault.azure.net/.default',
    }).toString(),
  });
  const body = res.json() as { access_token?: string };
  if (res.status !== 200 || body.access_token === undefined) throw new Error(`token request failed with ${res.status}`);
  return body.access_token;
}
