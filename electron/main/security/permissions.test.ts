import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { GRANTED_PERMISSIONS, devicePermissionHandler, isPermissionGranted, permissionCheckHandler, permissionRequestHandler } from './permissions';

/** Every permission name Electron's own typings list for setPermissionRequestHandler. */
function electronPermissionNames(): string[] {
  const dts = readFileSync('node_modules/electron/electron.d.ts', 'utf8');
  const match = /setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+(?:, [^,]+)*?), callback:/.exec(dts);
  const union = match?.[1] ?? '';
  return [...union.matchAll(/'([a-z-]+)'/gi)].map((m) => m[1] ?? '');
}

describe('permission handlers', () => {
  const names = electronPermissionNames();

  it('knows the permission list from the installed Electron typings', () => {
    expect(names.length).toBeGreaterThan(20);
    expect(names).toContain('clipboard-sanitized-write');
    expect(names).toContain('media');
  });

  it('grants nothing', () => {
    expect(GRANTED_PERMISSIONS).toEqual([]);
    expect(Object.isFrozen(GRANTED_PERMISSIONS)).toBe(true);
  });

  it('denies every request Electron can make, clipboard included', () => {
    for (const permission of [...names, 'unknown', 'made-up']) {
      const answers: boolean[] = [];
      permissionRequestHandler(null, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(permissionCheckHandler(null, permission), permission).toBe(false);
      expect(isPermissionGranted(permission)).toBe(false);
    }
  });

  it('denies every device', () => {
    expect(devicePermissionHandler()).toBe(false);
  });
});
