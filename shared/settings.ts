import { z } from 'zod';

/** Typed settings with defaults. Each security setting says which direction weakens it. */
export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  /** Seconds a revealed value stays on screen before it is masked and dropped. */
  revealSeconds: z.number().int().min(5).max(300),
  /** Seconds before a copied value is cleared from the clipboard (if it still holds it). */
  clipboardClearSeconds: z.number().int().min(5).max(600),
  /** Minutes a step-up grant lasts. */
  stepUpMinutes: z.number().int().min(1).max(30),
  /** Minutes of inactivity before Keyhole locks itself. */
  idleLockMinutes: z.number().int().min(1).max(240),
  /** Exclude the window from screen capture where the OS supports it. */
  contentProtection: z.boolean(),
  /** Ask for the step-up for reveal and copy everywhere, not only in protected environments. */
  stepUpEverywhere: z.boolean(),
  /** Days of audit events to keep; null keeps everything. */
  auditRetentionDays: z.number().int().min(30).max(36500).nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  revealSeconds: 20,
  clipboardClearSeconds: 30,
  stepUpMinutes: 5,
  idleLockMinutes: 10,
  contentProtection: true,
  stepUpEverywhere: false,
  auditRetentionDays: null,
};

type Weakens<K extends SettingKey> = (from: Settings[K], to: Settings[K]) => boolean;
const longer = (from: number, to: number) => to > from;

/** Changes that weaken security are protected changes (need a step-up). */
export const WEAKENS: { [K in SettingKey]?: Weakens<K> } = {
  revealSeconds: longer,
  clipboardClearSeconds: longer,
  stepUpMinutes: longer,
  idleLockMinutes: longer,
  contentProtection: (from, to) => from && !to,
  stepUpEverywhere: (from, to) => from && !to,
  auditRetentionDays: (from, to) => to !== null && (from === null || to < from),
};

export function weakenedKeys(from: Settings, to: Settings): SettingKey[] {
  return (Object.keys(WEAKENS) as SettingKey[]).filter((key) => {
    const check = WEAKENS[key] as Weakens<typeof key> | undefined;
    return check !== undefined && from[key] !== to[key] && check(from[key] as never, to[key] as never);
  });
}
