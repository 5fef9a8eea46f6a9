import { AWS_ROTATION_STEPS, type AwsRotationStep } from '../../../../../shared/domain';
import type { NativeLogEvent } from '../provider';

/**
 * A rotation function's log line reduced to what Keyhole keeps: the step it names, its level,
 * whether it says the step succeeded and an exception class name. The text is dropped here: a
 * careless function can log a value, so nothing of it leaves this module.
 *
 * Lines come in the Lambda runtimes' text formats or as JSON (advanced logging controls):
 *   Python logger:      [ERROR]\t2024-05-01T10:00:00.000Z\t<request id>\tsetSecret: Unable to log into ...
 *   Python unhandled:   [ERROR] ValueError: Secret arn:... is not enabled for rotation\nTraceback ...
 *   Node.js console:    2024-05-01T10:00:00.000Z\t<request id>\tERROR\tcreateSecret: ...
 *   JSON:               {"level":"INFO","message":"createSecret: Successfully put secret ...", ...}
 */
const PYTHON_LOGGER = /^\[([A-Z]+)\]\t[^\t]*\t[^\t]*\t/;
const PYTHON_UNHANDLED = /^\[(ERROR|CRITICAL)\] ([^\s:]+)(?::|\s|$)/;
const NODE_CONSOLE = /^\d{4}-\d\d-\d\dT[^\t]*\t[^\t]*\t([A-Z]+)\t/;
const INVOKE_ERROR = 'Invoke Error';
const TIMED_OUT = /^(?:\S+ )*Task timed out after /;
const EXCEPTION_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;
const ERROR_LEVELS = new Set(['ERROR', 'CRITICAL', 'FATAL']);

interface Parts {
  level: 'info' | 'error';
  message: string;
  errorType?: string;
}

export function parseRotationLog(message: string, at: number): NativeLogEvent {
  const parts = split(message);
  const step = stepOf(parts.message);
  return {
    at,
    ...(step !== undefined ? { step } : {}),
    level: parts.level,
    succeeded: step !== undefined && parts.message.startsWith(`${step}: Successfully`),
    ...(parts.errorType !== undefined ? { errorType: parts.errorType } : {}),
  };
}

/** Whether an event says anything about the rotation (runtime START/END/REPORT lines do not). */
export function informative(event: NativeLogEvent): boolean {
  return event.step !== undefined || event.level === 'error';
}

function split(raw: string): Parts {
  const text = raw.trimStart();
  if (text.startsWith('{')) {
    const json = jsonParts(text);
    if (json) return json;
  }
  const unhandled = PYTHON_UNHANDLED.exec(text);
  if (unhandled) return { level: 'error', message: '', ...exceptionName(unhandled[2]) };
  const python = PYTHON_LOGGER.exec(text);
  if (python) return { level: levelOf(python[1]), message: text.slice(python[0].length) };
  const node = NODE_CONSOLE.exec(text);
  if (node) {
    const rest = text.slice(node[0].length);
    // The Node.js runtime's unhandled error: "Invoke Error \t{"errorType":"TypeError",...}".
    const invoke = rest.startsWith(INVOKE_ERROR) ? jsonParts(rest.slice(INVOKE_ERROR.length).trim()) : undefined;
    return invoke !== undefined ? { ...invoke, level: 'error', message: '' } : { level: levelOf(node[1]), message: rest };
  }
  if (TIMED_OUT.test(text)) return { level: 'error', message: '' };
  return { level: 'info', message: text };
}

function jsonParts(text: string): Parts | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const level = typeof record.level === 'string' ? record.level : typeof record.log_level === 'string' ? record.log_level : undefined;
  const message = typeof record.message === 'string' ? record.message : '';
  const errorType = typeof record.errorType === 'string' ? record.errorType : undefined;
  return {
    level: errorType !== undefined ? 'error' : levelOf(level?.toUpperCase()),
    message,
    ...exceptionName(errorType),
  };
}

function levelOf(level: string | undefined): 'info' | 'error' {
  return level !== undefined && ERROR_LEVELS.has(level) ? 'error' : 'info';
}

function exceptionName(name: string | undefined): { errorType?: string } {
  return name !== undefined && EXCEPTION_NAME.test(name) ? { errorType: name } : {};
}

function stepOf(message: string): AwsRotationStep | undefined {
  return AWS_ROTATION_STEPS.find((step) => message.startsWith(`${step}:`) || message.startsWith(`${step} `));
}
