import { describe, expect, it } from 'vitest';

import { APP_PARTITION, buildWebPreferences } from './web-preferences';

describe('buildWebPreferences', () => {
  const prefs = buildWebPreferences({ preloadPath: '/app/out/preload/index.cjs', devTools: false });

  it('sandboxes and isolates the renderer with no Node anywhere', () => {
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
  });

  it('keeps web security on and experimental features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect('enableBlinkFeatures' in prefs).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.enableWebSQL).toBe(false);
    expect(prefs.webgl).toBe(false);
  });

  it('turns off spellcheck, drag-drop navigation and dialog floods', () => {
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.safeDialogs).toBe(true);
  });

  it('uses the dedicated persistent partition and the given preload', () => {
    expect(APP_PARTITION).toBe('persist:keyhole');
    expect(prefs.partition).toBe(APP_PARTITION);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('allows DevTools only when asked (development builds)', () => {
    expect(prefs.devTools).toBe(false);
    expect(buildWebPreferences({ preloadPath: '/p', devTools: true }).devTools).toBe(true);
  });

  it('sets exactly the reviewed keys and cannot be modified afterwards', () => {
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'disableBlinkFeatures',
        'enableWebSQL',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'partition',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webgl',
        'webviewTag',
      ].sort(),
    );
    expect(Object.isFrozen(prefs)).toBe(true);
  });
});
