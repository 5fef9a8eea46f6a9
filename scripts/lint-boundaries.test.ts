import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Each process boundary is a lint rule: relaxing one must make this test fail. */
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? 'parse-error');
}

describe('process boundaries', () => {
  it.each([
    ['shared/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['shared/probe.ts', "import { join } from 'path';\nexport const x = join;\n"],
    ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['renderer/src/probe.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n"],
    ['renderer/src/probe.ts', "import { Core } from '../../electron/main/core/core';\nexport const x = Core;\n"],
    ['electron/main/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/main/window-probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['electron/preload/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ])('%s refuses: %s', async (filePath, code) => {
    expect(await ruleIds(filePath, code)).toContain('no-restricted-imports');
  });

  it('shared/ may not touch the DOM or process', async () => {
    expect(await ruleIds('shared/probe.ts', 'export const x = document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/probe.ts', 'export const x = process.env.HOME;\n')).toContain('no-restricted-globals');
  });

  it('main and shared code log through the logger, not the console', async () => {
    expect(await ruleIds('electron/main/core/probe.ts', "console.log('x');\n")).toContain('no-console');
  });

  it('an any needs a reason beside it', async () => {
    expect(await ruleIds('electron/main/core/probe.ts', 'export const x: any = 1;\n')).toContain('@typescript-eslint/no-explicit-any');
  });

  it('the preload may import ipcRenderer and main may import electron', async () => {
    expect(await ruleIds('electron/preload/probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toEqual([]);
    expect(await ruleIds('electron/main/window-probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });
});
