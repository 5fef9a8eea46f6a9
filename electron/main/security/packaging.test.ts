import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { EXPECTED_FUSES } from './fuses';

const require = createRequire(import.meta.url);
const root = process.cwd();

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: unknown;
  asarUnpack?: unknown;
  npmRebuild?: boolean;
  files?: unknown;
  electronFuses?: Record<string, boolean>;
  publish?: unknown;
  linux?: { target?: unknown; icon?: string };
  mac?: { target?: unknown; icon?: string; hardenedRuntime?: boolean };
  win?: { target?: unknown; icon?: string };
}

// electron-builder's own loader and schema validation, exactly as `electron-builder` runs them.
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number | string> };

async function loadConfig(): Promise<BuilderConfig> {
  return builderConfig.getConfig(root, resolve(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    const config = await loadConfig();
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips exactly the fuses in fuses.ts', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toEqual(EXPECTED_FUSES);
  });

  it('decides every fuse the installed @electron/fuses knows, so a new fuse is not left at its default', () => {
    const known = Object.keys(FuseV1Options)
      .filter((key) => Number.isNaN(Number(key)))
      .map((key) => key.charAt(0).toLowerCase() + key.slice(1));
    expect(Object.keys(EXPECTED_FUSES).sort()).toEqual(known.sort());
  });

  it('keeps the fuse values that close Node and unvalidated code paths', () => {
    expect(EXPECTED_FUSES).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(Object.isFrozen(EXPECTED_FUSES)).toBe(true);
  });

  it('ships the app as an asar with only native modules unpacked, integrity-checked and asar-only', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.electronFuses?.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(config.electronFuses?.onlyLoadAppFromAsar).toBe(true);
  });

  it('names the app, its files, its targets, and never publishes or rebuilds natives', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('dev.keyhole.desktop');
    expect(config.productName).toBe('Keyhole');
    expect(config.files).toEqual([{ filter: ['out/**/*', 'package.json'] }]);
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toBeNull();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('points every platform at a 512x512 RGBA PNG icon that exists', async () => {
    const config = await loadConfig();
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon]) {
      expect(icon).toBe('resources/icon.png');
    }
    const png = readFileSync(resolve(root, 'resources/icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(png[25]).toBe(6); // colour type RGBA
  });
});
