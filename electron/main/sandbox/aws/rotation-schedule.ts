import { errors } from './errors';
import { optInt, optString, type Body } from './input';
import type { RotationRules } from './model';

/**
 * RotationRules as RotateSecret takes them (AutomaticallyAfterDays or a rate()/cron()
 * ScheduleExpression, not both; an optional window Duration in hours) and the next rotation
 * date they give: days after the last rotation, or the schedule's next window start (UTC).
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SCHEDULE = /^[0-9A-Za-z()#?*\-/, ]+$/;
const RATE = /^rate\((\d+) (hour|hours|day|days)\)$/;

export function readRules(body: Body): RotationRules | undefined {
  const value = body.RotationRules;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.serialization('Expected a structure for RotationRules');
  const rules = value as Body;
  const days = optInt(rules, 'AutomaticallyAfterDays', { min: 1, max: 1000 });
  const duration = optString(rules, 'Duration', { min: 2, max: 3 });
  const schedule = optString(rules, 'ScheduleExpression', { min: 1, max: 256 });
  if (duration !== undefined && !/^[0-9h]+$/.test(duration)) {
    throw errors.validation('rotationRules.duration', 'Member must satisfy regular expression pattern: [0-9h]+');
  }
  if (schedule !== undefined && !SCHEDULE.test(schedule)) {
    throw errors.validation('rotationRules.scheduleExpression', `Member must satisfy regular expression pattern: ${SCHEDULE.source}`);
  }
  if (days !== undefined && schedule !== undefined) {
    throw errors.invalidParameter("You can't specify both AutomaticallyAfterDays and ScheduleExpression in RotationRules.");
  }
  if (duration !== undefined) {
    const hours = /^(\d{1,2})h$/.exec(duration);
    if (!hours || Number(hours[1]) < 1 || Number(hours[1]) > 24) throw errors.invalidParameter('The Duration must be between 1h and 24h.');
  }
  if (schedule !== undefined && !RATE.test(schedule) && !parseCron(schedule)) {
    throw errors.invalidParameter(`Invalid ScheduleExpression: ${schedule}`);
  }
  if (schedule !== undefined) {
    const rate = RATE.exec(schedule);
    if (rate && (Number(rate[1]) < 1 || (rate[2]?.startsWith('hour') && Number(rate[1]) < 4))) {
      throw errors.invalidParameter('The rotation interval must be at least four hours.');
    }
  }
  if (days === undefined && schedule === undefined) {
    throw errors.invalidParameter('RotationRules must specify AutomaticallyAfterDays or ScheduleExpression.');
  }
  return {
    ...(days !== undefined ? { AutomaticallyAfterDays: days } : {}),
    ...(duration !== undefined ? { Duration: duration } : {}),
    ...(schedule !== undefined ? { ScheduleExpression: schedule } : {}),
  };
}

type FieldSet = Set<number> | 'any';
interface Cron {
  minute: number;
  hours: FieldSet;
  days: FieldSet;
  months: FieldSet;
  weekdays: FieldSet;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = min): FieldSet | undefined {
  if (text === '*' || text === '?') return 'any';
  const value = (token: string): number | undefined => {
    const named = names.indexOf(token.toUpperCase());
    if (named >= 0) return named + nameBase;
    return /^\d+$/.test(token) ? Number(token) : undefined;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || range === undefined) return undefined;
    const [fromText, toText] = range === '*' ? [String(min), String(max)] : range.split('-');
    const from = value(fromText ?? '');
    const to = toText === undefined ? (stepText === undefined ? from : max) : value(toText);
    if (from === undefined || to === undefined || from < min || to > max || from > to) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** cron(minutes hours day-of-month month day-of-week year), AWS's form (day-of-week 1-7 is SUN-SAT). */
function parseCron(expression: string): Cron | undefined {
  const match = /^cron\((.+)\)$/.exec(expression);
  const parts = match?.[1]?.trim().split(/\s+/);
  if (parts?.length !== 6) return undefined;
  const [minute, hour, day, month, weekday] = parts as [string, string, string, string, string, string];
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59) return undefined;
  const cron = {
    minute: Number(minute),
    hours: parseField(hour, 0, 23),
    days: parseField(day, 1, 31),
    months: parseField(month, 1, 12, MONTHS, 1),
    weekdays: parseField(weekday, 1, 7, WEEKDAYS, 1),
  };
  if (!cron.hours || !cron.days || !cron.months || !cron.weekdays) return undefined;
  return cron as Cron;
}

const matches = (set: FieldSet, value: number) => set === 'any' || set.has(value);

/** When rotation is next due after `from` (the last rotation, or when rotation was configured). */
export function nextRotation(rules: RotationRules | undefined, from: number): number | undefined {
  if (!rules) return undefined;
  if (rules.AutomaticallyAfterDays !== undefined) return from + rules.AutomaticallyAfterDays * DAY_MS;
  const schedule = rules.ScheduleExpression;
  if (schedule === undefined) return undefined;
  const rate = RATE.exec(schedule);
  if (rate) return from + Number(rate[1]) * (rate[2]?.startsWith('hour') ? HOUR_MS : DAY_MS);
  const cron = parseCron(schedule);
  if (!cron) return undefined;
  // Hour by hour over at most a year: plenty for any schedule Secrets Manager accepts.
  for (let t = Math.floor(from / HOUR_MS) * HOUR_MS; t < from + 367 * DAY_MS; t += HOUR_MS) {
    const d = new Date(t + cron.minute * 60_000);
    if (
      d.getTime() > from &&
      matches(cron.hours, d.getUTCHours()) &&
      matches(cron.days, d.getUTCDate()) &&
      matches(cron.months, d.getUTCMonth() + 1) &&
      matches(cron.weekdays, d.getUTCDay() + 1)
    ) {
      return d.getTime();
    }
  }
  return undefined;
}
