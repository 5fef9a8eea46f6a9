/**
 * Source checks for what unit tests cannot reach without Electron: window.ts must wire the policy
 * modules, and no file may relax a setting, start a crash reporter or open a second window type.
 * Patterns are assembled from pieces so this file does not match itself.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = process.cwd();
const SOURCE = /\.(?:[cm]?[jt]sx?|html)$/;

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

function sources(...dirs: string[]): { file: string; text: string }[] {
  return dirs.flatMap((dir) => walk(join(root, dir))).map((path) => ({ file: relative(root, path), text: readFileSync(path, 'utf8') }));
}

function hits(pattern: RegExp, dirs: string[]): string[] {
  return sources(...dirs)
    .filter(({ text }) => pattern.test(text))
    .map(({ file }) => file);
}

const key = (name: string, value: string) => new RegExp(`\\b${name}['"]?\\s*:\\s*${value}\\b`);
const word = (...parts: string[]) => parts.join('');

const windowTs = readFileSync(join(root, 'electron/main/window.ts'), 'utf8');

describe('window.ts wires the policy modules', () => {
  it.each([
    ['./security/web-preferences', 'buildWebPreferences'],
    ['./security/app-protocol', 'createAppRequestHandler'],
    ['./security/app-protocol', 'APP_CUSTOM_SCHEMES'],
    ['./security/contents-guard', 'createNavigationGuard'],
    ['./security/contents-guard', 'createWindowOpenHandler'],
    ['./security/permissions', 'permissionRequestHandler'],
    ['./security/navigation', 'isAllowedRequest'],
  ])('imports from %s: %s', (module, name) => {
    expect(windowTs).toMatch(new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '${module.replace(/[./]/g, '\\$&')}'`));
  });

  it('passes buildWebPreferences to the window unchanged (no spread, no override)', () => {
    expect(windowTs.match(/webPreferences\s*:/g)).toHaveLength(1);
    expect(windowTs).toMatch(/webPreferences: buildWebPreferences\(\{ preloadPath: options\.preloadPath, devTools \}\),/);
    expect(windowTs).toMatch(/const devTools = !options\.isPackaged;/);
  });

  it('installs the permission, protocol, download and request guards on the session', () => {
    for (const call of [
      'setPermissionRequestHandler(permissionRequestHandler)',
      'setPermissionCheckHandler(permissionCheckHandler)',
      'setDevicePermissionHandler(devicePermissionHandler)',
      'setSpellCheckerEnabled(false)',
      "ses.on('will-download', refuseDownload)",
      'ses.protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir))',
      'callback({ cancel: !isAllowedRequest(details.url, devTools) })',
      'hardenSession(session.fromPartition(APP_PARTITION)',
      'denyPermissions(session.defaultSession)',
    ]) {
      expect(windowTs, call).toContain(call);
    }
  });

  it('guards navigation, redirects, frames, webviews and window.open on every contents', () => {
    for (const call of [
      "contents.on('will-navigate', createNavigationGuard(openExternal))",
      "contents.on('will-frame-navigate', createNavigationGuard())",
      "contents.on('will-redirect', createNavigationGuard())",
      "contents.on('will-attach-webview', refuseWebview)",
      'contents.setWindowOpenHandler(createWindowOpenHandler(openExternal))',
      "app.on('web-contents-created', (_event, contents) => guardContents(contents))",
      'guardContents(win.webContents, openExternal)',
      "app.on('certificate-error', refuseCertificateError)",
      'app.enableSandbox()',
    ]) {
      expect(windowTs, call).toContain(call);
    }
  });

  it('applies content protection, on unless the caller turns it off', () => {
    expect(windowTs).toContain('win.setContentProtection(options.contentProtection ?? true);');
  });

  it('loads only the app entry URL and registers the scheme privileges', () => {
    expect(windowTs).toContain('void win.loadURL(APP_ENTRY_URL);');
    expect(windowTs.match(/\.load(?:URL|File)\(/g)).toHaveLength(1);
    expect(windowTs).toContain('protocol.registerSchemesAsPrivileged(');
  });
});

describe('nothing relaxes the hardening', () => {
  const dirs = ['electron', 'renderer', 'shared'];

  it.each([
    ['contextIsolation', 'false'],
    ['nodeIntegration', 'true'],
    ['nodeIntegrationInWorker', 'true'],
    ['nodeIntegrationInSubFrames', 'true'],
    ['webSecurity', 'false'],
    ['allowRunningInsecureContent', 'true'],
    ['webviewTag', 'true'],
    ['experimentalFeatures', 'true'],
    ['bypassCSP', 'true'],
    ['corsEnabled', 'true'],
  ])('no %s: %s anywhere under electron/, renderer/, shared/', (name, value) => {
    expect(hits(key(name, value), dirs)).toEqual([]);
  });

  it('no sandbox switched off in any file that touches Electron windows or webPreferences', () => {
    // "sandbox" is also Keyhole's word for its local provider servers (a connection's sandbox
    // flag), so the literal is only a relaxed setting where Electron options are in reach.
    const electronContext = new RegExp(word('from [\'"]electron', '|webPreferences|Browser', 'Window|Browser', 'View|WebContents', 'View'));
    const relaxed = sources(...dirs)
      .filter(({ text }) => electronContext.test(text) && key('sandbox', 'false').test(text))
      .map(({ file }) => file);
    expect(relaxed).toEqual([]);
  });

  it('no Blink feature switched on, and no command-line switch that disables a protection', () => {
    expect(hits(new RegExp(word('\\benable', 'BlinkFeatures[\'"]?\\s*:')), dirs)).toEqual([]);
    for (const flag of [
      word('no-', 'sandbox'),
      word('disable-', 'web-security'),
      word('ignore-', 'certificate-errors'),
      word('disable-site-', 'isolation-trials'),
      word('ELECTRON_DISABLE_', 'SECURITY_WARNINGS'),
    ]) {
      expect(hits(new RegExp(flag), dirs), flag).toEqual([]);
    }
  });

  it('no crash reporter is ever referenced under electron/, renderer/, shared/', () => {
    expect(hits(new RegExp(word('crash', 'Reporter')), dirs)).toEqual([]);
  });

  it('every BrowserWindow is built in window.ts', () => {
    expect(hits(new RegExp(word('new Browser', 'Window\\(')), dirs)).toEqual(['electron/main/window.ts']);
    expect(hits(new RegExp(word('new Browser', 'View\\(|new WebContents', 'View\\(')), dirs)).toEqual([]);
  });

  it('the policy modules and the Node-side ports never import electron', () => {
    const electronImport = /from ['"]electron(?:\/\w+)?['"]|require\(['"]electron/;
    const pure = sources('electron/main/security').map(({ file }) => file);
    const nodeSide = ['electron/main/platform/keychain.ts', 'electron/main/platform/x11-clipboard.ts'];
    for (const { file, text } of sources('electron/main/security', 'electron/main/platform')) {
      if (pure.includes(file) || nodeSide.includes(file)) expect(electronImport.test(text), file).toBe(false);
    }
  });
});
