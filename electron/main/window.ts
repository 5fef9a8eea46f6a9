/**
 * The main window and its session, hardened. Every decision lives in ./security (plain Node,
 * unit-tested); this file only wires those decisions into Electron.
 *
 * Order for the composition root:
 *   registerAppSchemeAsPrivileged(); hardenApp(app);   // before app ready
 *   await app.whenReady(); const win = createMainWindow({ ... });
 */
import { BrowserWindow, protocol, session, shell, type App, type Session, type WebContents } from 'electron';

import { APP_CUSTOM_SCHEMES, APP_ENTRY_URL, APP_SCHEME, createAppRequestHandler } from './security/app-protocol';
import {
  createNavigationGuard,
  createWindowOpenHandler,
  refuseCertificateError,
  refuseDownload,
  refuseWebview,
  type OpenExternal,
} from './security/contents-guard';
import { isAllowedRequest } from './security/navigation';
import { devicePermissionHandler, permissionCheckHandler, permissionRequestHandler } from './security/permissions';
import { APP_PARTITION, buildWebPreferences } from './security/web-preferences';

/** Call before app ready: app:// must be a standard, secure scheme for its origin and module scripts. */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged(APP_CUSTOM_SCHEMES.map(({ scheme, privileges }) => ({ scheme, privileges: { ...privileges } })));
}

/** Navigation, window.open and <webview> guards; with no opener, nothing is ever opened outside. */
function guardContents(contents: WebContents, openExternal?: OpenExternal): void {
  contents.on('will-navigate', createNavigationGuard(openExternal));
  contents.on('will-frame-navigate', createNavigationGuard());
  contents.on('will-redirect', createNavigationGuard());
  contents.on('will-attach-webview', refuseWebview);
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
}

/** Call before app ready. Applies to every WebContents Electron ever creates, not only ours. */
export function hardenApp(app: App): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('certificate-error', refuseCertificateError);
  app.on('select-client-certificate', (event, _contents, _url, _list, callback) => {
    event.preventDefault();
    callback();
  });
}

function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  ses.setDevicePermissionHandler(devicePermissionHandler);
}

function hardenSession(ses: Session, rendererDir: string, devTools: boolean): void {
  denyPermissions(ses);
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', refuseDownload);
  ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, devTools) });
  });
  // The handler sets the CSP and the other security headers on every response it serves.
  if (!ses.protocol.isProtocolHandled(APP_SCHEME)) {
    ses.protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
  }
}

export interface MainWindowOptions {
  /** Absolute path of the bundled preload. */
  preloadPath: string;
  /** Absolute path of the renderer build (index.html and assets/). */
  rendererDir: string;
  /** app.isPackaged: DevTools only when false. */
  isPackaged: boolean;
  /** Keep the window out of screenshots and screen sharing (macOS, Windows). On by default. */
  contentProtection?: boolean;
  /** Opens an allow-listed https link outside the app; defaults to shell.openExternal. */
  onExternalLink?: OpenExternal;
}

/** Call after app ready. No crash reporter is ever started: a crash dump could hold a value. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const devTools = !options.isPackaged;
  const openExternal: OpenExternal =
    options.onExternalLink ??
    ((url) => {
      void shell.openExternal(url);
    });

  denyPermissions(session.defaultSession);
  hardenSession(session.fromPartition(APP_PARTITION), options.rendererDir, devTools);

  const win = new BrowserWindow({
    title: 'Keyhole',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    webPreferences: buildWebPreferences({ preloadPath: options.preloadPath, devTools }),
  });
  win.setContentProtection(options.contentProtection ?? true);
  guardContents(win.webContents, openExternal);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
