import type { CloudWatchLogs } from '@aws-sdk/client-cloudwatch-logs';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import type { AwsScope } from '../../../../../shared/connections';
import { isKeyholeError, KeyholeError } from '../../../../../shared/errors';
import type { NativeRotation, NativeRotationState } from '../provider';
import { linesOfSecret, type LogLine } from './invocations';
import { awsErrorName, mapAwsError } from './map-error';
import { awsName } from './names';
import { informative, parseRotationLog } from './rotation-log';
import { AWSCURRENT, toMetadata } from './to-domain';

const AWSPENDING = 'AWSPENDING';
/** A log read is bounded: a function shared by many secrets can log a lot in one rotation. */
const LOG_PAGES = 10;
const LOG_PAGE_SIZE = 1000;
/** The one InvalidRequestException of RotateSecret that means "AWSPENDING is left elsewhere". */
const PREVIOUS_UNFINISHED = /previous rotation isn.?t complete/i;
const VALUED_LIMIT = 1000;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const LOG_UNREADABLE = new Set(['AccessDeniedException', 'AccessDenied', 'ResourceNotFoundException']);

type Task<T> = (abortSignal: AbortSignal | undefined) => Promise<T>;

export interface NativeContext {
  secrets: SecretsManager;
  logs: CloudWatchLogs;
  scope: AwsScope;
  /** Runs an SDK call on one secret with the caller's signal; every failure leaves as a KeyholeError. */
  onSecret<T>(name: string, id: string, signal: AbortSignal | undefined, task: Task<T>): Promise<T>;
  /** Runs an SDK call without mapping (the caller looks at the error first) but honouring the signal. */
  raw<T>(signal: AbortSignal | undefined, task: Task<T>): Promise<T>;
  /** Maps an SDK error on one secret as onSecret would (DELETED refined). */
  mapped(error: unknown, name: string, id: string, signal: AbortSignal | undefined): Promise<KeyholeError>;
  now(): number;
}

/** Secrets Manager's own rotation: RotateSecret, the labels it moves and its function's log. */
export function nativeRotation(ctx: NativeContext): NativeRotation {
  // A version's value never changes once stored: one that had a value is not read again (a
  // rotation being followed would otherwise read its new value every second).
  const valued = new Set<string>();
  const hasValue = async (name: string, id: string, version: string, signal: AbortSignal | undefined): Promise<boolean> => {
    const key = `${id}\n${version}`;
    if (valued.has(key)) return true;
    const found = await versionHasValue(ctx, name, id, version, signal);
    if (found) {
      if (valued.size >= VALUED_LIMIT) valued.clear();
      valued.add(key);
    }
    return found;
  };
  return {
    async state(name, options = {}) {
      const id = awsName(ctx.scope, name);
      const out = await ctx.onSecret(name, id, options.signal, (abortSignal) => ctx.secrets.describeSecret({ SecretId: id }, { abortSignal }));
      const stages: Record<string, string[]> = {};
      for (const [version, labels] of Object.entries(out.VersionIdsToStages ?? {})) stages[version] = [...labels];
      const currentVersion = Object.entries(stages).find(([, labels]) => labels.includes(AWSCURRENT))?.[0];
      const pendingVersion = Object.entries(stages).find(([, labels]) => labels.includes(AWSPENDING))?.[0];
      const state: NativeRotationState = {
        config: toMetadata(out, name).rotation ?? { enabled: false },
        stages,
        ...(currentVersion !== undefined ? { currentVersion } : {}),
      };
      if (pendingVersion !== undefined) {
        const onCurrent = pendingVersion === currentVersion;
        state.pending = { version: pendingVersion, onCurrent, hasValue: onCurrent || (await hasValue(name, id, pendingVersion, options.signal)) };
      }
      return state;
    },

    async rotate(name, input, options = {}) {
      const id = awsName(ctx.scope, name);
      try {
        const out = await ctx.raw(options.signal, (abortSignal) =>
          ctx.secrets.rotateSecret({ SecretId: id, ClientRequestToken: input.token, RotateImmediately: input.immediately }, { abortSignal }),
        );
        return { version: out.VersionId ?? input.token };
      } catch (error) {
        if (awsErrorName(error) === 'InvalidRequestException' && PREVIOUS_UNFINISHED.test(messageOf(error)))
          throw new KeyholeError('ROTATION_PENDING_LABEL', { path: name, detail: 'InvalidRequestException' });
        throw await ctx.mapped(error, name, id, options.signal);
      }
    },

    async cancel(name, options = {}) {
      const id = awsName(ctx.scope, name);
      await ctx.onSecret(name, id, options.signal, (abortSignal) => ctx.secrets.cancelRotateSecret({ SecretId: id }, { abortSignal }));
    },

    async log(lambdaArn, sinceMs, options = {}) {
      const fn = functionName(lambdaArn);
      if (fn === undefined) return null;
      const own = options.secret !== undefined ? awsName(ctx.scope, options.secret) : undefined;
      const lines: LogLine[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < LOG_PAGES; page += 1) {
        let out;
        try {
          out = await ctx.raw(options.signal, (abortSignal) =>
            ctx.logs.filterLogEvents(
              {
                logGroupName: `/aws/lambda/${fn}`,
                startTime: Math.max(0, Math.floor(sinceMs)),
                limit: LOG_PAGE_SIZE,
                ...(nextToken !== undefined ? { nextToken } : {}),
              },
              { abortSignal },
            ),
          );
        } catch (error) {
          const errorName = awsErrorName(error);
          if (!options.signal?.aborted && errorName !== undefined && LOG_UNREADABLE.has(errorName)) return null;
          throw mapAwsError(error, undefined, options.signal, ctx.now());
        }
        for (const event of out.events ?? []) {
          if (event.message === undefined) continue;
          lines.push({ stream: event.logStreamName ?? '', at: event.timestamp ?? event.ingestionTime ?? 0, message: event.message });
        }
        nextToken = out.nextToken;
        if (nextToken === undefined) break;
      }
      return (own !== undefined ? linesOfSecret(lines, own) : lines)
        .map((line) => parseRotationLog(line.message, line.at))
        .filter(informative)
        .sort((a, b) => a.at - b.at);
    },
  };
}

/** GetSecretValue on the version: an AWSPENDING placeholder RotateSecret made has no value yet. */
async function versionHasValue(ctx: NativeContext, name: string, id: string, version: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    // The value is read only to learn that it exists; it is dropped at once.
    await ctx.onSecret(name, id, signal, (abortSignal) => ctx.secrets.getSecretValue({ SecretId: id, VersionId: version }, { abortSignal }));
    return true;
  } catch (error) {
    if (isKeyholeError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** The function's name from arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]. */
export function functionName(lambdaArn: string): string | undefined {
  const parts = lambdaArn.split(':');
  if (parts[0] !== 'arn' || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
  const name = parts[6];
  return name !== undefined && FUNCTION_NAME.test(name) ? name : undefined;
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
    ? (error as { message: string }).message
    : '';
}
