/**
 * The Clipboard port over Electron's clipboard (Electron 45's W3C-style API). index.ts passes
 * Electron's `clipboard` and `ClipboardItem` in, so this file imports nothing from electron and
 * the format choices are tested on Node.
 *
 * A copy is written as one atomic ClipboardItem: the text plus the platform's "do not keep this"
 * markers, as raw OS formats (`electron application/osclipboard;format="..."`):
 * - Linux: `x-kde-passwordManagerHint` = "secret" (Klipper, CopyQ and GPaste-style managers honour it).
 * - macOS: `org.nspasteboard.ConcealedType` and `org.nspasteboard.TransientType` (nspasteboard.org).
 * - Windows: `ExcludeClipboardContentFromMonitorProcessing`, plus `CanIncludeInClipboardHistory` and
 *   `CanUploadToCloudClipboard` set to DWORD 0 (Win+V history and cloud sync).
 * What no marker can do: stop an application that reads the clipboard while the value is there, or
 * a manager that ignores the markers. Core clears the clipboard after a timeout for that reason.
 * If the platform refuses the marked write, the text is written alone and a warning is logged.
 */
import type { Logger } from '../core/logger';
import type { Clipboard } from '../core/ports';

const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;

const DWORD_ZERO = () => new Blob([new Uint8Array(4)]);

/** The extra formats that mark a copy as concealed on each platform; empty where none is known. */
export function concealmentFormats(platform: NodeJS.Platform): Record<string, Blob> {
  switch (platform) {
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return { [osFormat('x-kde-passwordManagerHint')]: new Blob(['secret']) };
    case 'darwin':
      return {
        [osFormat('org.nspasteboard.ConcealedType')]: new Blob(['']),
        [osFormat('org.nspasteboard.TransientType')]: new Blob(['']),
      };
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: DWORD_ZERO(),
        [osFormat('CanIncludeInClipboardHistory')]: DWORD_ZERO(),
        [osFormat('CanUploadToCloudClipboard')]: DWORD_ZERO(),
      };
    default:
      return {};
  }
}

/** The data of the one ClipboardItem a secret copy writes. */
export function concealedItemData(text: string, platform: NodeJS.Platform): Record<string, string | Blob> {
  return { 'text/plain': text, ...concealmentFormats(platform) };
}

export interface ElectronClipboardDeps<Item> {
  clipboard: {
    write(items: Item[]): Promise<void>;
    writeText(text: string): Promise<void>;
    readText(): Promise<string>;
    clear(): void;
  };
  ClipboardItem: new (data: Record<string, string | Blob>) => Item;
  platform: NodeJS.Platform;
  logger?: Logger;
}

export function createElectronClipboard<Item>(deps: ElectronClipboardDeps<Item>): Clipboard {
  const { clipboard, ClipboardItem, platform, logger } = deps;
  return {
    async writeSecret(text) {
      try {
        await clipboard.write([new ClipboardItem(concealedItemData(text, platform))]);
      } catch {
        logger?.log('warn', 'clipboard.conceal_failed');
        await clipboard.writeText(text);
      }
    },
    readText: () => clipboard.readText(),
    async clear() {
      clipboard.clear();
    },
  };
}
