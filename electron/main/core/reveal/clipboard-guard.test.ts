import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { XclipClipboard } from '../../platform/x11-clipboard';
import { privateXDisplay, xDisplayAvailable, xDisplaySkipReason, type XDisplay } from '../../testing/x-display';
import { silentLogger } from '../logger';
import { ManualClock } from '../testing/manual-clock';
import { ClipboardGuard } from './clipboard-guard';

describe('ClipboardGuard without a clipboard', () => {
  it('refuses to copy (UNSUPPORTED) and has nothing to clear', async () => {
    const guard = new ClipboardGuard(undefined, new ManualClock(), silentLogger);
    expect(guard.available).toBe(false);
    await expect(guard.copy('x', 1000)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(await guard.clearIfOurs()).toBe(false);
  });
});

describe.skipIf(!xDisplayAvailable)(
  xDisplayAvailable ? 'ClipboardGuard on the X11 clipboard' : `ClipboardGuard on X11 (SKIPPED: ${xDisplaySkipReason})`,
  () => {
    let x: XDisplay;
    beforeAll(async () => {
      x = await privateXDisplay();
    }, 15_000);
    afterAll(() => x.close());
    const clipboards: XclipClipboard[] = [];
    const x11 = () => {
      const clipboard = new XclipClipboard({ display: x.display });
      clipboards.push(clipboard);
      return clipboard;
    };
    afterEach(() => {
      for (const clipboard of clipboards.splice(0)) clipboard.dispose();
    });

    it('clears the copied value after the delay, only if the clipboard still holds it', async () => {
      const clock = new ManualClock();
      const ours = x11();
      const guard = new ClipboardGuard(ours, clock, silentLogger);
      const clearsAt = await guard.copy('kh-clip-one', 30_000);
      expect(clearsAt).toBe(clock.now() + 30_000);
      expect(await ours.readText()).toBe('kh-clip-one');
      await clock.advance(29_999);
      expect(await ours.readText()).toBe('kh-clip-one');
      await clock.advance(1);
      await vi.waitFor(async () => expect(await ours.readText()).toBe(''));

      await guard.copy('kh-clip-two', 30_000);
      // The operator copies something else in another application.
      await x11().writeSecret('their own text');
      await clock.advance(30_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await ours.readText()).toBe('their own text');
    });

    it('clears on demand (lock, quit) and only once', async () => {
      const clock = new ManualClock();
      const ours = x11();
      const guard = new ClipboardGuard(ours, clock, silentLogger);
      await guard.copy('kh-clip-three', 30_000);
      expect(await guard.clearIfOurs()).toBe(true);
      expect(await ours.readText()).toBe('');
      expect(await guard.clearIfOurs()).toBe(false);
      // A later copy replaces the earlier one's timer.
      await guard.copy('kh-clip-four', 10_000);
      await guard.copy('kh-clip-five', 60_000);
      await clock.advance(10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await ours.readText()).toBe('kh-clip-five');
    });
  },
);
