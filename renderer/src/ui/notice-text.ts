import { shortTime } from './format';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Main writes instants in notices as ISO 8601 (UTC); the operator reads them in local time, like every other time shown. */
export function withLocalTimes(message: string): string {
  return message.replace(ISO_INSTANT, (instant) => shortTime(instant));
}
