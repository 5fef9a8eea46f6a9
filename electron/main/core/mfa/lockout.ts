/**
 * Growing delays after repeated wrong codes: the first few failures are free (typos), then each
 * further one doubles the wait, up to an hour. Failures and the lockout end persist in SQLite,
 * so restarting Keyhole does not reset them; a success does.
 */
export const FREE_FAILURES = 4;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** How long to refuse codes after the `failures`-th consecutive failure (0 = not at all). */
export function lockoutDelayMs(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES - 1, 20));
}
