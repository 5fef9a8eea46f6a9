import { describe, expect, it } from 'vitest';
import { explain, shownError } from './errors';

describe('shownError / explain', () => {
  it('keeps a wire error and maps anything else to INTERNAL', () => {
    expect(shownError({ code: 'NOT_FOUND', message: 'Not found: app/db' })).toEqual({ code: 'NOT_FOUND', message: 'Not found: app/db' });
    expect(shownError(new Error('socket hang up with Authorization: hvs.secret'))).toEqual({
      code: 'INTERNAL',
      message: 'Something went wrong inside Keyhole',
    });
    expect(shownError({ code: 'MADE_UP', message: 'x' }).code).toBe('INTERNAL');
  });

  it('says why a protected change was refused, once', () => {
    const text = explain({ code: 'PROTECTED_CHANGE', message: 'This is a protected change and needs a second-factor step-up' });
    expect(text).toContain('nothing was changed');
    expect(text).not.toContain('not set up in this build');
    expect(text.match(/step-up/g)).toHaveLength(1);
    expect(explain({ code: 'THROTTLED', message: 'The provider is throttling requests' })).toBe('The provider is throttling requests');
  });
});
