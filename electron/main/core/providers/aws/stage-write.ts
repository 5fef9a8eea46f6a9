import { randomUUID } from 'node:crypto';
import type { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { isKeyholeError, KeyholeError } from '../../../../../shared/errors';
import type { Logger } from '../../logger';
import type { WriteResult } from '../provider';
import { AWSCURRENT } from './to-domain';
import type { WireValue } from './value-codec';

/**
 * Writes honestly under concurrency (ARCHITECTURE: Providers): the new value is stored as a new
 * version under a private staging label only, then AWSCURRENT is moved to it with
 * RemoveFromVersionId = the version the operator read, which Secrets Manager refuses if AWSCURRENT
 * has moved since. A refused or failed move leaves nothing behind: the private label is removed
 * and the staged version is deprecated (unlabelled). Clean-up calls do not take the caller's
 * AbortSignal, so a cancelled write still cleans up; a move that went through before a
 * cancellation or a lost answer is reported as the success it is.
 */
export type Guard = <T>(task: (signal: AbortSignal | undefined) => Promise<T>) => Promise<T>;

export interface StageContext {
  sm: SecretsManager;
  /** Runs an SDK call with the caller's signal, mapping errors (provider.ts). */
  guard: Guard;
  /** Runs an SDK call without the caller's signal (clean-up), mapping errors. */
  guardDetached: Guard;
  logger: Logger;
}

/** Errors after which a request's effect on the server is unknown. */
const OUTCOME_UNKNOWN = new Set(['UNAVAILABLE', 'TIMEOUT', 'CANCELLED', 'INTERNAL']);

function outcomeUnknown(error: unknown): boolean {
  return isKeyholeError(error) && OUTCOME_UNKNOWN.has(error.code);
}

async function currentVersionOf(ctx: StageContext, secretId: string): Promise<string | undefined> {
  try {
    const out = await ctx.guardDetached(() => ctx.sm.describeSecret({ SecretId: secretId }));
    return Object.entries(out.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(AWSCURRENT))?.[0];
  } catch {
    return undefined;
  }
}

async function dropLabel(ctx: StageContext, secretId: string, label: string, versionId: string): Promise<void> {
  try {
    await ctx.guardDetached(() => ctx.sm.updateSecretVersionStage({ SecretId: secretId, VersionStage: label, RemoveFromVersionId: versionId }));
  } catch (error) {
    ctx.logger.log('warn', 'aws.stage_label_cleanup_failed', { code: isKeyholeError(error) ? error.code : 'INTERNAL' });
  }
}

/**
 * Moves AWSCURRENT from `expectedVersion` to `targetVersion`. When the move fails, the secret
 * is re-read: AWSCURRENT away from `expectedVersion` is a CONFLICT, AWSCURRENT already on the
 * target after an answer was lost is success.
 */
export async function moveCurrent(
  ctx: StageContext,
  secretId: string,
  path: string,
  targetVersion: string,
  expectedVersion: string,
): Promise<string | undefined> {
  try {
    const out = await ctx.guard((abortSignal) =>
      ctx.sm.updateSecretVersionStage(
        { SecretId: secretId, VersionStage: AWSCURRENT, MoveToVersionId: targetVersion, RemoveFromVersionId: expectedVersion },
        { abortSignal },
      ),
    );
    return out.$metadata.requestId;
  } catch (error) {
    const current = await currentVersionOf(ctx, secretId);
    if (current === targetVersion && outcomeUnknown(error)) return undefined;
    if (current !== undefined && current !== expectedVersion && isKeyholeError(error) && error.code === 'INVALID_INPUT') {
      throw new KeyholeError('CONFLICT', {
        path,
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
        detail: error.detail ?? 'CONFLICT',
      });
    }
    throw error;
  }
}

export async function writeStaged(ctx: StageContext, secretId: string, path: string, wire: WireValue, expectedVersion: string): Promise<WriteResult> {
  const versionId = randomUUID();
  const label = `KEYHOLE-${versionId}`;
  try {
    await ctx.guard((abortSignal) =>
      ctx.sm.putSecretValue({ SecretId: secretId, ClientRequestToken: versionId, ...wire, VersionStages: [label] }, { abortSignal }),
    );
  } catch (error) {
    // The version may exist even though its answer never came.
    if (outcomeUnknown(error)) await dropLabel(ctx, secretId, label, versionId);
    throw error;
  }
  let requestId: string | undefined;
  try {
    requestId = await moveCurrent(ctx, secretId, path, versionId, expectedVersion);
  } finally {
    await dropLabel(ctx, secretId, label, versionId);
  }
  return { version: versionId, ...(requestId !== undefined ? { requestId } : {}) };
}
