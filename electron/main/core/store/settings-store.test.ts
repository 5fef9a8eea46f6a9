import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/settings';
import { openDatabase } from './database';
import { SettingsStore } from './settings-store';

describe('settings', () => {
  const store = () => new SettingsStore(openDatabase(':memory:'));

  it('starts from the defaults', () => {
    expect(store().get()).toEqual(DEFAULT_SETTINGS);
  });

  it('applies a strengthening change without a step-up', () => {
    const settings = store();
    expect(settings.update({ revealSeconds: 10, theme: 'dark' }, false).settings).toMatchObject({ revealSeconds: 10, theme: 'dark' });
    expect(settings.get()).toMatchObject({ revealSeconds: 10, theme: 'dark' });
  });

  it.each([
    [{ revealSeconds: 60 }],
    [{ contentProtection: false }],
    [{ idleLockMinutes: 120 }],
    [{ auditRetentionDays: 90 }],
    [{ clipboardClearSeconds: 300 }],
  ])('refuses weakening %o without a step-up and changes nothing', (patch) => {
    const settings = store();
    expect(() => settings.update(patch, false)).toThrow(expect.objectContaining({ code: 'PROTECTED_CHANGE' }));
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(settings.update(patch, true).weakened.length).toBe(1);
  });

  it('refuses invalid values with INVALID_INPUT', () => {
    const settings = store();
    expect(() => settings.update({ revealSeconds: 1 }, true)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('falls back to the default for a corrupt row', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO settings (key, value) VALUES ('revealSeconds', 'not json'), ('theme', '\"purple\"')").run();
    expect(new SettingsStore(db).get()).toEqual(DEFAULT_SETTINGS);
  });
});
