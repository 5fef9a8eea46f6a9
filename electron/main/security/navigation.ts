/**
 * Where the renderer may go: only the app's own origin, in-app. A link to documentation opens in
 * the OS browser when it is https on an allow-listed host; everything else is refused.
 */
import { APP_HOST, APP_SCHEME } from './app-protocol';

export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze([
  'developer.hashicorp.com',
  'docs.aws.amazon.com',
  'learn.microsoft.com',
  'github.com',
]);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs on app://keyhole (no credentials, no port). Node gives custom schemes origin "null", so compare parts. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** For will-navigate, will-frame-navigate and will-redirect: the app's own origin only. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

export type ExternalLinkDecision = { action: 'open-external'; url: string } | { action: 'deny' };

export function externalLinkPolicy(url: string): ExternalLinkDecision {
  const parsed = parse(url);
  if (
    parsed === null ||
    parsed.protocol !== 'https:' ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.port !== '' ||
    !EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  ) {
    return { action: 'deny' };
  }
  return { action: 'open-external', url: parsed.href };
}

/**
 * Requests the renderer's session may make: its own origin, plus DevTools' own pages when DevTools
 * are enabled. Every provider call is made by main, so the renderer's network is otherwise closed.
 */
export function isAllowedRequest(url: string, devTools: boolean): boolean {
  if (isAppUrl(url)) return true;
  return devTools && url.startsWith('devtools:');
}
