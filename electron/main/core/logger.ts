/**
 * Structured logging for main with allow-listed fields only: a field not listed here is dropped,
 * and string fields are cut short, so a value, a token or an SDK message cannot reach a log by
 * accident. Log what happened (event, code, counts, timings), never what was said.
 */
export const LOG_FIELDS = [
  'channel',
  'code',
  'status',
  'durationMs',
  'provider',
  'operation',
  'connectionId',
  'environmentId',
  'jobId',
  'count',
  'attempt',
  'delayMs',
  'port',
  'version',
  'migration',
] as const;
export type LogField = (typeof LOG_FIELDS)[number];
export type LogFields = Partial<Record<LogField, string | number | boolean>>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  time: string;
  level: LogLevel;
  event: string;
  fields: LogFields;
}

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const ALLOWED = new Set<string>(LOG_FIELDS);
const EVENT_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/;
const MAX_STRING = 80;

export function sanitizeFields(fields: Record<string, unknown>): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!ALLOWED.has(key)) continue;
    if (typeof value === 'number' || typeof value === 'boolean') out[key as LogField] = value;
    else if (typeof value === 'string') out[key as LogField] = value.slice(0, MAX_STRING);
  }
  return out;
}

export function createLogger(sink: (record: LogRecord) => void, minLevel: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  return {
    log(level, event, fields = {}) {
      if (order.indexOf(level) < order.indexOf(minLevel)) return;
      sink({
        time: new Date().toISOString(),
        level,
        event: EVENT_NAME.test(event) ? event : 'invalid_event_name',
        fields: sanitizeFields(fields),
      });
    },
  };
}

/** JSON lines on stderr: the default sink for main, the host and the sandbox CLI. */
export const stderrSink = (record: LogRecord): void => {
  process.stderr.write(`${JSON.stringify(record)}\n`);
};

export const silentLogger: Logger = { log: () => undefined };
