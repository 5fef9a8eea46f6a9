import { KeyholeError } from '../../../../shared/errors';
import { DEFAULT_SETTINGS, settingsSchema, weakenedKeys, type Settings } from '../../../../shared/settings';
import type { Db } from './database';

/** Typed settings over the settings table; unknown or invalid stored values fall back to defaults. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A corrupt row is ignored: the default applies.
      }
    }
    const merged = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
      const candidate = settingsSchema.shape[key].safeParse(stored[key]);
      if (candidate.success) (merged as Record<string, unknown>)[key] = candidate.data;
    }
    return merged;
  }

  /**
   * Applies a patch. A change that weakens security is a protected change: `allowWeakening`
   * says whether the caller holds a step-up for it; without one it is refused and nothing changes.
   */
  update(patch: Partial<Settings>, allowWeakening: boolean): { settings: Settings; weakened: string[] } {
    const current = this.get();
    const parsed = settingsSchema.safeParse({ ...current, ...patch });
    if (!parsed.success) throw new KeyholeError('INVALID_INPUT');
    const next = parsed.data;
    const weakened = weakenedKeys(current, next);
    if (weakened.length > 0 && !allowWeakening) throw new KeyholeError('PROTECTED_CHANGE');
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(next)) upsert.run(key, JSON.stringify(value));
    })();
    return { settings: next, weakened };
  }
}
