/**
 * Listeners window.ts attaches to every WebContents: they take plain shapes that Electron's event
 * objects satisfy, so the decisions are tested on Node.
 */
import { externalLinkPolicy, isAllowedNavigation } from './navigation';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationEventLike extends PreventableEvent {
  readonly url: string;
}

/** Opens a URL in the OS browser (shell.openExternal in Electron). */
export type OpenExternal = (url: string) => void;

function openIfAllowed(url: string, openExternal: OpenExternal | undefined): void {
  if (openExternal === undefined) return;
  const decision = externalLinkPolicy(url);
  if (decision.action === 'open-external') openExternal(decision.url);
}

/**
 * For will-navigate (main frame, user or page initiated): anything off the app origin is stopped;
 * an allow-listed documentation link is handed to the OS browser instead. will-frame-navigate and
 * will-redirect get a guard without an opener, so one click never opens two tabs and a redirect
 * never opens anything.
 */
export function createNavigationGuard(openExternal?: OpenExternal) {
  return (event: NavigationEventLike): void => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    openIfAllowed(event.url, openExternal);
  };
}

/** For setWindowOpenHandler: no window is ever opened in-app. */
export function createWindowOpenHandler(openExternal?: OpenExternal) {
  return (details: { readonly url: string }): { action: 'deny' } => {
    openIfAllowed(details.url, openExternal);
    return { action: 'deny' };
  };
}

/** For will-attach-webview: webviewTag is off, and this refuses one even if it were turned on. */
export function refuseWebview(event: PreventableEvent): void {
  event.preventDefault();
}

/** For will-download on the renderer's session: files are written by main, through a save dialog. */
export function refuseDownload(event: PreventableEvent): void {
  event.preventDefault();
}

/**
 * For app 'certificate-error': never trust a certificate Chromium refused. The renderer makes no
 * network calls; provider TLS is verified in main by Node with the connection's CA bundle.
 */
export function refuseCertificateError(
  _event: PreventableEvent,
  _contents: unknown,
  _url: string,
  _error: string,
  _certificate: unknown,
  callback: (isTrusted: boolean) => void,
): void {
  callback(false);
}
