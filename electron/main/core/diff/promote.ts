import { randomUUID } from 'node:crypto';
import { isKeyholeError, KeyholeError, type ErrorCode } from '../../../../shared/errors';
import type { DiffRow, PromoteItem, PromotionSummary, UndoItem } from '../../../../shared/ipc/channels/diff';
import type { AuditFields } from '../audit/audit-log';
import { Limiter } from '../jobs/limiter';
import type { Capabilities } from '../../../../shared/domain';
import type { Provider, WriteResult } from '../providers/provider';
import { fieldsValue, stringValue, type SecretValue } from '../providers/value';
import type { Db } from '../store/database';
import { STRING_FIELD } from './compare';
import type { DiffService, DiffState } from './diff-service';
import { comparableFields } from './fingerprint';
import { toNative } from './names';
import { PromotionStore } from './promotion-store';
import { summarizePromotion } from './promotion-summary';

type FieldChange = PromoteItem['fields'][number];

export interface PreviewItem {
  name: string;
  target: string;
  action: 'create' | 'update' | 'none';
  fields: FieldChange[];
  note: string | null;
}

export interface PromoteRequest {
  diffId: string;
  names: string[];
  dryRun: boolean;
  conflict: 'skip' | 'overwrite';
  confirmOverwrite?: boolean | undefined;
  confirmTarget: string;
  reason?: string | undefined;
  code?: string | undefined;
}

/** Writes in flight per promotion; each also passes the connection's limiter. */
const WRITE_CONCURRENCY = 4;
const CONFLICTS: readonly ErrorCode[] = ['CONFLICT', 'ALREADY_EXISTS'];

function fieldChanges(row: DiffRow): FieldChange[] {
  return row.fields.flatMap((f): FieldChange[] => {
    if (f.status === 'only-a') return [{ field: f.field, change: 'add' }];
    if (f.status === 'only-b') return [{ field: f.field, change: 'remove' }];
    if (f.status === 'different') return [{ field: f.field, change: 'change' }];
    return [];
  });
}

/** A's value in the shape B's provider holds: Vault a map, Azure a string, AWS either. */
export function shapeFor(value: SecretValue, capabilities: Capabilities, name: string): SecretValue {
  if (value.kind === 'binary') {
    if (capabilities.valueShape === 'json-or-string') return value;
    throw new KeyholeError('UNSUPPORTED', { path: name });
  }
  if (value.kind === 'fields' && capabilities.valueShape !== 'fields') {
    const keys = Object.keys(value.fields);
    // Vault's one "value" field is a plain string elsewhere (see STRING_FIELD).
    if (keys.length === 1 && keys[0] === STRING_FIELD) return stringValue(value.fields[STRING_FIELD] as string);
    if (capabilities.valueShape === 'string') return stringValue(JSON.stringify(value.fields));
  }
  if (capabilities.valueShape === 'fields' && value.kind === 'string') {
    const fields = comparableFields(value);
    return fieldsValue(Object.hasOwn(fields, '') ? { [STRING_FIELD]: value.value } : fields);
  }
  return value;
}

function codeOf(error: unknown): ErrorCode {
  return isKeyholeError(error) ? error.code : 'INTERNAL';
}

/**
 * Promote (copy A's value as the diff read it to B) and its undo. Every write carries B's
 * concurrency control with `expectedVersion` = the version the diff read (or, when the operator
 * chose to overwrite and confirmed it twice, the version found now), and its own audit event.
 */
export class PromoteService {
  private readonly promotions: PromotionStore;

  constructor(
    private readonly diffs: DiffService,
    db: Db,
  ) {
    this.promotions = new PromotionStore(db);
  }

  /** The newest promotions, newest first (Keyhole's own records: not audited, like audit:list). */
  list(): PromotionSummary[] {
    const protection = this.diffs.deps.connections.protection();
    return this.promotions.list().map((promotion) => summarizePromotion(promotion, this.diffs, protection));
  }

  preview(diffId: string, names: string[]): { state: DiffState; items: PreviewItem[] } {
    const state = this.diffs.get(diffId);
    const renamed = new Map(state.renames.map((r) => [r.a, r.b]));
    const items = names.map((name): PreviewItem => {
      const { row } = this.diffs.row(diffId, name);
      const target = row.bName ?? toNative(state.b.environment, renamed.get(name) ?? name);
      const none = (note: string): PreviewItem => ({ name, target, action: 'none', fields: [], note });
      if (row.aName === null) return none('only in B: nothing to copy');
      if (row.unreadable.some((u) => u.side === 'a')) return none('A could not be read');
      if (row.unreadable.some((u) => u.side === 'b')) return none('B could not be read');
      if (row.status === 'same') return none('already the same');
      return { name, target, action: row.status === 'only-a' ? 'create' : 'update', fields: fieldChanges(row), note: null };
    });
    return { state, items };
  }

  async promote(request: PromoteRequest, signal?: AbortSignal): Promise<{ promotionId: string | null; dryRun: boolean; items: PromoteItem[] }> {
    const { state, items: preview } = this.preview(request.diffId, request.names);
    // The connections as they are now (read-only may have been set since the diff ran).
    const a = this.diffs.side(state.a.environment.id);
    const b = this.diffs.side(state.b.environment.id);
    const { audit, mfa, settings } = this.diffs.deps;
    const reason = request.reason?.trim() || null;
    const base: AuditFields = {
      action: 'diff.promote',
      connectionId: b.connection.id,
      environmentId: b.environment.id,
      reason,
      details: { diffId: state.id, fromEnvironmentId: a.environment.id, count: preview.length, dryRun: request.dryRun },
    };
    const refuse = async (code: ErrorCode) => {
      if (!request.dryRun) await audit.record({ ...base, outcome: 'refused', code });
      throw new KeyholeError(code);
    };
    if (request.confirmTarget.trim() !== b.environment.name) throw new KeyholeError('INVALID_INPUT');
    if (request.conflict === 'overwrite' && request.confirmOverwrite !== true) throw new KeyholeError('INVALID_INPUT');
    if (b.connection.readOnly) await refuse('READ_ONLY');
    const writes = preview.filter((item) => item.action !== 'none');
    const protectedTarget = writes.some((item) => this.diffs.isProtected(b, item.target));
    if (!request.dryRun && writes.length > 0) {
      if (protectedTarget) {
        await mfa.requireFreshCode(request.code, { operation: 'diff.promote', connectionId: b.connection.id, environmentId: b.environment.id });
      } else if (settings.get().stepUpEverywhere && !mfa.hasGrant()) {
        await refuse('STEP_UP_REQUIRED');
      }
    }
    const [pa, pb] = await Promise.all([this.diffs.provider(a), this.diffs.provider(b)]);
    const options = signal ? { signal } : {};
    const limiter = new Limiter(WRITE_CONCURRENCY);
    const results = await Promise.all(
      preview.map((item) =>
        limiter.run(async (): Promise<PromoteItem> => {
          const { row } = this.diffs.row(state.id, item.name);
          const result: PromoteItem = {
            name: item.name,
            target: item.target,
            action: item.action,
            outcome: 'unchanged',
            code: null,
            previousVersion: row.bVersion,
            version: null,
            fields: item.fields,
          };
          if (item.action === 'none') return result;
          try {
            const current = await currentVersion(pb, item.target, options);
            const moved = current !== row.bVersion;
            if (moved && (request.conflict === 'skip' || item.action === 'create')) {
              return { ...result, outcome: 'conflict', code: item.action === 'create' ? 'ALREADY_EXISTS' : 'CONFLICT' };
            }
            const expected = request.conflict === 'overwrite' ? current : row.bVersion;
            if (request.dryRun) return { ...result, outcome: 'would-write', previousVersion: expected };
            const read = await pa.read(row.aName as string, row.aVersion ?? undefined, options);
            const value = shapeFor(read.value, pb.capabilities(), item.target);
            const written = await audit.around(
              {
                ...base,
                path: item.target,
                version: expected,
                details: {
                  diffId: state.id,
                  fromEnvironmentId: a.environment.id,
                  fromPath: row.aName,
                  fromVersion: read.version,
                  operation: item.action,
                  conflictPolicy: request.conflict,
                  fields: item.fields
                    .map((f) => `${f.change}:${f.field}`)
                    .join(',')
                    .slice(0, 500),
                },
              },
              (): Promise<WriteResult> =>
                item.action === 'create' || expected === null
                  ? pb.create(item.target, { value }, options)
                  : pb.write(item.target, { value, expectedVersion: expected }, options),
              (w) => ({
                version: w.version,
                requestId: w.requestId ?? null,
                details: { concurrentChangeDetected: w.concurrentChangeDetected === true },
              }),
            );
            return { ...result, outcome: 'written', previousVersion: expected, version: written.version };
          } catch (error) {
            const code = codeOf(error);
            if (code === 'CANCELLED') throw error;
            return { ...result, outcome: CONFLICTS.includes(code) ? 'conflict' : 'failed', code };
          }
        }, signal),
      ),
    );
    if (request.dryRun) {
      await audit.record({
        ...base,
        action: 'diff.promote_dry_run',
        outcome: 'success',
        details: { ...base.details, wouldWrite: results.filter((r) => r.outcome === 'would-write').length },
      });
      return { promotionId: null, dryRun: true, items: results };
    }
    const id = randomUUID();
    this.promotions.insert({
      id,
      environmentId: b.environment.id,
      fromEnvironmentId: a.environment.id,
      createdAt: new Date(this.diffs.deps.clock.now()).toISOString(),
      items: results,
    });
    return { promotionId: id, dryRun: false, items: results };
  }

  /** Rolls each written secret back to its previous version, deletes what was created (Vault: removes it). */
  async undo(
    request: { promotionId: string; reason?: string | undefined; code?: string | undefined },
    signal?: AbortSignal,
  ): Promise<{ items: UndoItem[] }> {
    const promotion = this.promotions.get(request.promotionId);
    if (promotion === undefined) throw new KeyholeError('NOT_FOUND');
    if (promotion.undone) throw new KeyholeError('INVALID_INPUT');
    const b = this.diffs.side(promotion.environmentId);
    const { audit, mfa, settings } = this.diffs.deps;
    const written = promotion.items.filter((item) => item.outcome === 'written');
    const base: AuditFields = {
      action: 'diff.undo',
      connectionId: b.connection.id,
      environmentId: b.environment.id,
      reason: request.reason?.trim() || null,
    };
    if (b.connection.readOnly) {
      await audit.record({ ...base, outcome: 'refused', code: 'READ_ONLY' });
      throw new KeyholeError('READ_ONLY');
    }
    if (written.some((item) => this.diffs.isProtected(b, item.target))) {
      await mfa.requireFreshCode(request.code, { operation: 'diff.undo', connectionId: b.connection.id, environmentId: b.environment.id });
    } else if (settings.get().stepUpEverywhere && !mfa.hasGrant()) {
      await audit.record({ ...base, outcome: 'refused', code: 'STEP_UP_REQUIRED' });
      throw new KeyholeError('STEP_UP_REQUIRED');
    }
    // Claimed in the same statement that checks it: a second undo racing this one is refused.
    if (!this.promotions.claimUndo(promotion.id, new Date(this.diffs.deps.clock.now()).toISOString())) throw new KeyholeError('INVALID_INPUT');
    const provider = await this.diffs.provider(b);
    const options = signal ? { signal } : {};
    const items: UndoItem[] = [];
    for (const item of written) {
      const created = item.previousVersion === null;
      const action: UndoItem['action'] = !created ? 'rolled-back' : provider.kind === 'vault' ? 'destroyed' : 'deleted';
      try {
        const version = await audit.around(
          {
            ...base,
            path: item.target,
            version: item.version,
            details: { promotionId: promotion.id, operation: action, toVersion: item.previousVersion },
          },
          async () => {
            if (!created)
              return (
                await provider.rollback(item.target, { toVersion: item.previousVersion as string, expectedVersion: item.version as string }, options)
              ).version;
            // What promote created had one version and nothing else: Vault removes it with its
            // metadata; AWS and Azure soft-delete it (recoverable for their retention period).
            if ((await currentVersion(provider, item.target, options)) !== item.version) throw new KeyholeError('CONFLICT', { path: item.target });
            if (provider.kind === 'vault') await provider.destroy(item.target, undefined, options);
            else await provider.delete(item.target, undefined, options);
            return null;
          },
          (v) => ({ version: v }),
        );
        items.push({ name: item.name, target: item.target, action, outcome: 'done', code: null, version });
      } catch (error) {
        const code = codeOf(error);
        items.push({ name: item.name, target: item.target, action, outcome: code === 'CONFLICT' ? 'conflict' : 'failed', code, version: null });
      }
    }
    this.promotions.recordUndo(promotion.id, items);
    return { items };
  }
}

/** B's current version now, or null when it does not exist. */
async function currentVersion(provider: Provider, name: string, options: { signal?: AbortSignal }): Promise<string | null> {
  try {
    return (await provider.read(name, undefined, options)).version;
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND') return null;
    throw error;
  }
}
