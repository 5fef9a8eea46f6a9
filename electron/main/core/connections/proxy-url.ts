/**
 * A proxy URL's `user:pass@` is a credential: it is kept in the keychain (ConnectionCredentials'
 * proxy account), the URL without it in SQLite and views, and the two are joined only when a
 * provider is opened.
 */
export function splitProxyUrl(raw: string): { url: string; userinfo?: string } {
  const url = new URL(raw);
  if (url.username === '' && url.password === '') return { url: raw };
  const userinfo = url.password !== '' ? `${url.username}:${url.password}` : url.username;
  url.username = '';
  url.password = '';
  return { url: url.href, userinfo };
}

/** The URL a provider gets; a URL stored with its own credentials (before they moved) is kept as it is. */
export function withProxyAuth(stored: string, userinfo: string | null): string {
  const url = new URL(stored);
  if (userinfo === null || url.username !== '' || url.password !== '') return stored;
  const colon = userinfo.indexOf(':');
  url.username = colon === -1 ? userinfo : userinfo.slice(0, colon);
  if (colon !== -1) url.password = userinfo.slice(colon + 1);
  return url.href;
}

/** Whether two proxy URLs name the same proxy, credentials aside. */
export function sameProxy(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return new URL(a).origin === new URL(b).origin;
}
