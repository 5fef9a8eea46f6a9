/**
 * The main window's webPreferences, as data: window.ts passes this object to BrowserWindow unchanged,
 * and the tests assert every value, so relaxing one fails a test.
 */

/** A dedicated, persistent session: nothing Keyhole sets up is shared with Electron's default session. */
export const APP_PARTITION = 'persist:keyhole';

export interface WebPreferencesInput {
  /** Absolute path of the bundled preload (one sandboxed file). */
  preloadPath: string;
  /** `!app.isPackaged`: developer tools exist only in development builds. */
  devTools: boolean;
}

export function buildWebPreferences({ preloadPath, devTools }: WebPreferencesInput) {
  return Object.freeze({
    preload: preloadPath,
    partition: APP_PARTITION,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // enableBlinkFeatures is deliberately absent; auxclick (middle-click) can open windows.
    disableBlinkFeatures: 'Auxclick',
    // Spellcheck would send typed text (a value being edited) to the OS or a dictionary service.
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    enableWebSQL: false,
    // The UI draws no 3D; without WebGL the GPU surface a page can reach is smaller.
    webgl: false,
    devTools,
  } as const);
}

export type KeyholeWebPreferences = ReturnType<typeof buildWebPreferences>;
