/**
 * Vault's time formats: timestamps are Go's RFC3339Nano (nanoseconds, trailing zeros trimmed) and
 * durations are Go's time.Duration strings ("0s", "1h0m0s", "1m30s", "500ms").
 */

/** Go's RFC3339Nano for an epoch in ms plus the nanoseconds below that millisecond. */
export function rfc3339Nano(epochMs: number, subMillisecondNanos = 0): string {
  const iso = new Date(epochMs).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(subMillisecondNanos).padStart(6, '0')}`.replace(/0+$/, '');
  return fraction === '' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${fraction}Z`;
}

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** An ISO-8601 UTC instant (as the seed writes them) in Go's RFC3339Nano, without a Date round trip. */
export function isoToRfc3339Nano(iso: string): string {
  const match = ISO.exec(iso);
  if (!match) return rfc3339Nano(Date.parse(iso));
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? `${match[1]}Z` : `${match[1]}.${fraction}Z`;
}

/** The present as Vault prints it, with real sub-millisecond digits. */
export function nowRfc3339(nowMs: number): string {
  return rfc3339Nano(nowMs, Number(process.hrtime.bigint() % 1_000_000n));
}

export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = `${(rest / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Vault's parseutil.ParseDurationSecond: an integer is seconds, a string is seconds or a Go
 * duration (plus the "d" suffix). Returns undefined when the input is not a duration.
 */
export function parseDurationSecond(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? Math.round(input * 1000) : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text === '') return 0;
  if (/^-?\d+$/.test(text)) return Number(text) * 1000;
  const match = /^(-?)((?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h|d))+)$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h|d)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? 's'] ?? 0);
  }
  return Math.round(match[1] === '-' ? -total : total);
}
