import type { Clipboard as ElectronClipboard, ClipboardItem as ElectronClipboardItem } from 'electron';
import { describe, expect, it } from 'vitest';

import type { LogRecord } from '../core/logger';
import { createLogger } from '../core/logger';
import { concealedItemData, concealmentFormats, createElectronClipboard, type ElectronClipboardDeps } from './clipboard';

// Compile-time only (erased at run time): Electron's real objects fit the deps index.ts passes.
type Deps = ElectronClipboardDeps<ElectronClipboardItem>;
const electronClipboardFits: ElectronClipboard extends Deps['clipboard'] ? true : false = true;
const electronItemFits: typeof ElectronClipboardItem extends Deps['ClipboardItem'] ? true : false = true;

const os = (name: string) => `electron application/osclipboard;format="${name}"`;

async function text(blob: Blob | string | undefined): Promise<string> {
  return typeof blob === 'string' || blob === undefined ? (blob ?? '') : blob.text();
}

class FakeItem {
  constructor(readonly data: Record<string, string | Blob>) {}
}

function fakeClipboard(options: { refuseWrite?: boolean } = {}) {
  const state = { items: [] as FakeItem[], text: '', cleared: 0 };
  const clipboard = {
    async write(items: FakeItem[]) {
      if (options.refuseWrite) throw new Error('format not supported');
      state.items = items;
      const first = items[0]?.data['text/plain'];
      state.text = typeof first === 'string' ? first : '';
    },
    async writeText(value: string) {
      state.items = [];
      state.text = value;
    },
    async readText() {
      return state.text;
    },
    clear() {
      state.text = '';
      state.items = [];
      state.cleared++;
    },
  };
  return { clipboard, state };
}

describe('concealmentFormats', () => {
  it('marks Linux copies with x-kde-passwordManagerHint = secret', async () => {
    const formats = concealmentFormats('linux');
    expect(Object.keys(formats)).toEqual([os('x-kde-passwordManagerHint')]);
    expect(await text(formats[os('x-kde-passwordManagerHint')])).toBe('secret');
  });

  it('marks macOS copies concealed and transient', () => {
    expect(Object.keys(concealmentFormats('darwin'))).toEqual([os('org.nspasteboard.ConcealedType'), os('org.nspasteboard.TransientType')]);
  });

  it('keeps Windows copies out of clipboard monitors, Win+V history and cloud sync', async () => {
    const formats = concealmentFormats('win32');
    expect(Object.keys(formats)).toEqual([
      os('ExcludeClipboardContentFromMonitorProcessing'),
      os('CanIncludeInClipboardHistory'),
      os('CanUploadToCloudClipboard'),
    ]);
    for (const blob of Object.values(formats)) {
      expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([0, 0, 0, 0]));
    }
  });

  it('adds nothing where no marker is known', () => {
    expect(concealmentFormats('aix')).toEqual({});
  });

  it('puts the text and the markers in one item', () => {
    const data = concealedItemData('value', 'linux');
    expect(data['text/plain']).toBe('value');
    expect(Object.keys(data)).toHaveLength(2);
  });
});

describe('createElectronClipboard', () => {
  it('writes one atomic item carrying the text and the platform markers', async () => {
    const { clipboard, state } = fakeClipboard();
    const port = createElectronClipboard({ clipboard, ClipboardItem: FakeItem, platform: 'linux' });
    await port.writeSecret('s3cr3t');
    expect(state.items).toHaveLength(1);
    expect(Object.keys(state.items[0]?.data ?? {})).toEqual(['text/plain', os('x-kde-passwordManagerHint')]);
    expect(await port.readText()).toBe('s3cr3t');
    await port.clear();
    expect(state.cleared).toBe(1);
    expect(await port.readText()).toBe('');
  });

  it('falls back to plain text when the platform refuses the marked write, and says so without the value', async () => {
    const { clipboard, state } = fakeClipboard({ refuseWrite: true });
    const records: LogRecord[] = [];
    const logger = createLogger((record) => records.push(record), 'debug');
    const port = createElectronClipboard({ clipboard, ClipboardItem: FakeItem, platform: 'win32', logger });
    await port.writeSecret('kh-canary-clipboard');
    expect(state.text).toBe('kh-canary-clipboard');
    expect(records.map((r) => r.event)).toEqual(['clipboard.conceal_failed']);
    expect(JSON.stringify(records)).not.toContain('kh-canary-clipboard');
  });

  it('type-checks against Electron', () => {
    expect([electronClipboardFits, electronItemFits]).toEqual([true, true]);
  });
});
