import { AwsError } from './errors';
import { optInt, optString, optStringList, type Body } from './input';
import type { LogStore, StoredLogEvent } from './log-store';

/**
 * CloudWatch Logs (JSON 1.1, X-Amz-Target `Logs_20140328.<Op>`, signed for service `logs`) on
 * the sandbox's endpoint: FilterLogEvents and DescribeLogGroups, enough to read the rotation
 * function's log. CloudWatch Logs answers with a lower-case `message` and reports constraint
 * violations as InvalidParameterException.
 */
export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

export interface LogsContext {
  logs: LogStore;
  region: string;
  account: string;
}

export type LogsOperation = (body: Body, ctx: LogsContext) => Record<string, unknown>;

export const logsErrors = {
  notFound: () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400, true),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message, 400, true),
  unavailable: () => new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 500, true),
};

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const DEFAULT_LIMIT = 10_000;

function groupArn(ctx: LogsContext, name: string): string {
  return `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${name}`;
}

function resolveGroup(body: Body, ctx: LogsContext): string {
  const name = optString(body, 'logGroupName', { min: 1, max: 512 });
  const identifier = optString(body, 'logGroupIdentifier', { min: 1, max: 2048 });
  if (name !== undefined && identifier !== undefined) {
    throw logsErrors.invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (name === undefined && identifier === undefined) {
    throw logsErrors.invalidParameter('Either logGroupName or logGroupIdentifier should be provided.');
  }
  let group = name ?? (identifier as string);
  if (identifier?.startsWith('arn:')) {
    const prefix = `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:`;
    if (!identifier.startsWith(prefix)) throw logsErrors.notFound();
    group = identifier.slice(prefix.length).replace(/:\*$/, '');
  }
  if (!GROUP_NAME.test(group)) {
    throw logsErrors.invalidParameter(
      `1 validation error detected: Value at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${GROUP_NAME.source}`,
    );
  }
  if (ctx.logs.groupCreatedAt(group) === undefined) throw logsErrors.notFound();
  return group;
}

/** Filter pattern terms: all plain terms must appear; with `?term`s, any one of them; quoted terms keep their spaces. */
function patternMatcher(pattern: string | undefined): (message: string) => boolean {
  const text = pattern?.trim() ?? '';
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw logsErrors.invalidParameter('The sandbox supports term filter patterns only, not JSON or space-delimited ones.');
  }
  const terms = [...text.matchAll(/(\??-?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map((m) => ({
    flags: m[1] ?? '',
    term: m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''),
  }));
  const any = terms.filter((t) => t.flags.startsWith('?'));
  const all = terms.filter((t) => !t.flags.startsWith('?'));
  return (message) => {
    const plain = all.every((t) => (t.flags === '-' ? !message.includes(t.term) : message.includes(t.term)));
    const optional = any.length === 0 || any.some((t) => message.includes(t.term));
    return plain && optional;
  };
}

interface Cursor {
  g: string;
  t: number;
  s: number;
}

function readCursor(token: string | undefined, group: string): Cursor | undefined {
  if (token === undefined) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (cursor.g === group && typeof cursor.t === 'number' && typeof cursor.s === 'number') return cursor as Cursor;
  } catch {
    // Falls through to the refusal.
  }
  throw logsErrors.invalidParameter('The specified nextToken is invalid.');
}

const after = (e: StoredLogEvent, c: Cursor) => e.timestamp > c.t || (e.timestamp === c.t && e.seq > c.s);

const eventId = (e: StoredLogEvent) => `${String(e.timestamp).padStart(16, '0')}${String(e.seq).padStart(40, '0')}`;

const filterLogEvents: LogsOperation = (body, ctx) => {
  const group = resolveGroup(body, ctx);
  const streams = optStringList(body, 'logStreamNames', { min: 1, max: 100 }, { min: 1, max: 512 });
  const streamPrefix = optString(body, 'logStreamNamePrefix', { min: 1, max: 512 });
  if (streams !== undefined && streamPrefix !== undefined) {
    throw logsErrors.invalidParameter('Cannot specify both logStreamNames and logStreamNamePrefix.');
  }
  const startTime = optInt(body, 'startTime', { min: 0 });
  const endTime = optInt(body, 'endTime', { min: 0 });
  const limit = optInt(body, 'limit', { min: 1, max: DEFAULT_LIMIT }) ?? DEFAULT_LIMIT;
  const match = patternMatcher(optString(body, 'filterPattern', { max: 1024 }));
  const cursor = readCursor(optString(body, 'nextToken', { min: 1 }), group);
  // One more than a page tells whether there is a next one; the scan stops there.
  const matched: StoredLogEvent[] = [];
  for (const e of ctx.logs.eventsOf(group)) {
    if (matched.length > limit || (endTime !== undefined && e.timestamp > endTime)) break;
    if (
      (startTime === undefined || e.timestamp >= startTime) &&
      (streams === undefined || streams.includes(e.stream)) &&
      (streamPrefix === undefined || e.stream.startsWith(streamPrefix)) &&
      (cursor === undefined || after(e, cursor)) &&
      match(e.message)
    ) {
      matched.push(e);
    }
  }
  const page = matched.slice(0, limit);
  const last = page.at(-1);
  const nextToken =
    matched.length > limit && last ? Buffer.from(JSON.stringify({ g: group, t: last.timestamp, s: last.seq })).toString('base64url') : undefined;
  return {
    events: page.map((e) => ({
      logStreamName: e.stream,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: eventId(e),
    })),
    searchedLogStreams: [],
    ...(nextToken !== undefined ? { nextToken } : {}),
  };
};

const describeLogGroups: LogsOperation = (body, ctx) => {
  const prefix = optString(body, 'logGroupNamePrefix', { min: 1, max: 512 }) ?? '';
  const limit = optInt(body, 'limit', { min: 1, max: 50 }) ?? 50;
  const token = optString(body, 'nextToken', { min: 1 });
  const from = token === undefined ? undefined : Buffer.from(token, 'base64url').toString('utf8');
  const names = ctx.logs.groupNames().filter((n) => n.startsWith(prefix) && (from === undefined || n > from));
  const page = names.slice(0, limit);
  const last = page.at(-1);
  return {
    logGroups: page.map((name) => ({
      logGroupName: name,
      creationTime: ctx.logs.groupCreatedAt(name),
      metricFilterCount: 0,
      arn: `${groupArn(ctx, name)}:*`,
      logGroupArn: groupArn(ctx, name),
      storedBytes: 0,
      logGroupClass: 'STANDARD',
    })),
    ...(names.length > limit && last !== undefined ? { nextToken: Buffer.from(last).toString('base64url') } : {}),
  };
};

export const logsOperations: Record<string, LogsOperation> = {
  FilterLogEvents: filterLogEvents,
  DescribeLogGroups: describeLogGroups,
};

/** CloudWatch Logs reports the front end's constraint violations as InvalidParameterException. */
export function asLogsError(error: unknown): AwsError {
  if (!(error instanceof AwsError)) return logsErrors.unavailable();
  if (error.type === 'ValidationException') return logsErrors.invalidParameter(error.message);
  return error;
}
