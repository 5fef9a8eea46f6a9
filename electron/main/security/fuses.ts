/**
 * Electron fuses Keyhole ships with, keyed as electron-builder's `electronFuses` option (which hands
 * them to @electron/fuses). electron-builder.yml must say exactly this; a test compares the two.
 */
export const EXPECTED_FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node that runs any script.
  // (So main must use utilityProcess, not child_process.fork, for helper processes.)
  runAsNode: false,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS could inject code (--require) or a CA into main.
  enableNodeOptionsEnvironmentVariable: false,
  // --inspect and SIGUSR1 would give any local process a debugger on main, where values pass.
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  // Validate app.asar against the hash embedded at build time (macOS, and Windows since Electron 30).
  enableEmbeddedAsarIntegrityValidation: true,
  // Without this, an `app/` folder beside app.asar would be loaded instead, unvalidated.
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
} as const);

export type FuseName = keyof typeof EXPECTED_FUSES;
