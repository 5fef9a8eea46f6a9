/**
 * Deny-by-default permission handlers for the renderer's session.
 *
 * Keyhole's renderer needs no web permission. In particular not 'clipboard-sanitized-write' or
 * 'clipboard-read': every copy of a value goes through main's Clipboard port, which audits it,
 * marks it concealed and clears it later; a renderer-side navigator.clipboard write would skip all
 * three. Keyboard copy of selected text (names, paths) is a user gesture and needs no permission.
 */
export const GRANTED_PERMISSIONS: readonly string[] = Object.freeze([]);

export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.includes(permission);
}

/** For session.setPermissionRequestHandler. */
export function permissionRequestHandler(_contents: unknown, permission: string, callback: (granted: boolean) => void): void {
  callback(isPermissionGranted(permission));
}

/** For session.setPermissionCheckHandler. */
export function permissionCheckHandler(_contents: unknown, permission: string): boolean {
  return isPermissionGranted(permission);
}

/** For session.setDevicePermissionHandler: no HID, serial or USB device, ever. */
export function devicePermissionHandler(): boolean {
  return false;
}
