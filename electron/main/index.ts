import { app, clipboard, ClipboardItem, ipcMain, powerMonitor, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { bindContract } from '../../shared/ipc/bind';
import { contract } from '../../shared/ipc/contract';
import { composeCore } from './compose-core';
import { createHandlers } from './core/handlers';
import { createLogger, stderrSink } from './core/logger';
import { systemClock } from './core/system-clock';
import { bindIpc, createEmitter } from './ipc';
import { createElectronClipboard } from './platform/clipboard';
import { KeytarCredentialStore } from './platform/keychain';
import { createSystemEvents } from './platform/system-events';
import { createMainWindow, hardenApp, registerAppSchemeAsPrivileged } from './window';

/**
 * The composition root: hardens the app, builds core, binds the contract and opens the window.
 * No crash reporter is started anywhere (a dump could hold a value).
 */
registerAppSchemeAsPrivileged();
hardenApp(app);

if (!app.requestSingleInstanceLock()) app.quit();

const logger = createLogger(stderrSink, app.isPackaged ? 'info' : 'debug');
let window: BrowserWindow | null = null;
const contents = () => (window && !window.isDestroyed() ? window.webContents : null);

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = process.env.KEYHOLE_DATA_DIR ?? app.getPath('userData');
  // The canary hook exists for the e2e specs on an unpackaged build only.
  const canary = app.isPackaged ? undefined : process.env.KEYHOLE_SANDBOX_CANARY;
  const core = composeCore({
    dataDir,
    keychain: new KeytarCredentialStore(),
    clock: systemClock,
    logger,
    emit: createEmitter(contents, logger),
    shell: 'electron',
    version: app.getVersion(),
    clipboard: createElectronClipboard({ clipboard, ClipboardItem, platform: process.platform, logger }),
    systemEvents: createSystemEvents(powerMonitor, { platform: process.platform }),
    ...(canary !== undefined ? { sandbox: { canary } } : {}),
  });
  await core.connections.moveStoredProxyCredentials();
  await core.sandbox.resume();
  bindIpc(
    ipcMain,
    bindContract(contract, createHandlers(core), {
      onError: (channel, error) => logger.log('info', 'ipc.error', { channel, code: (error as { code?: string }).code ?? 'INTERNAL' }),
    }),
    contents,
    logger,
  );
  window = createMainWindow({
    preloadPath: join(__dirname, '../preload/index.cjs'),
    rendererDir: join(__dirname, '../renderer'),
    isPackaged: app.isPackaged,
    contentProtection: core.settings.get().contentProtection,
  });
  app.on('second-instance', () => window?.focus());
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    void core.close().finally(() => app.quit());
  });
}

start().catch(() => {
  logger.log('error', 'app.start_failed');
  app.exit(1);
});
