import { describe, expect, it } from 'vitest';
import { isAllowedSender } from './sender-check';

describe('IPC sender check', () => {
  const ok = { frameUrl: 'app://keyhole/index.html', isMainFrame: true, isOurWindow: true };

  it('allows the main frame of our window at app://keyhole', () => {
    expect(isAllowedSender(ok)).toBe(true);
  });

  it.each([
    ['a destroyed or navigated-away frame (null senderFrame)', { ...ok, frameUrl: null }],
    ['a sub-frame', { ...ok, isMainFrame: false }],
    ['another window', { ...ok, isOurWindow: false }],
    ['a foreign origin', { ...ok, frameUrl: 'https://evil.example/index.html' }],
    ['a file:// page', { ...ok, frameUrl: 'file:///tmp/index.html' }],
    ['a look-alike host', { ...ok, frameUrl: 'app://keyhole.evil/index.html' }],
    ['a look-alike with userinfo', { ...ok, frameUrl: 'app://keyhole@evil/index.html' }],
    ['garbage', { ...ok, frameUrl: 'not a url' }],
  ])('refuses %s', (_label, facts) => {
    expect(isAllowedSender(facts)).toBe(false);
  });
});
