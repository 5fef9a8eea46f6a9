import { KeyholeError } from '../../../../shared/errors';
import type { AuditFields, AuditLog } from '../audit/audit-log';
import type { ConnectionsService } from '../connections/connections-service';
import type { StepUpGate } from '../mfa/step-up';
import type { ReadResult } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import type { SettingsStore } from '../store/settings-store';
import type { ClipboardGuard } from './clipboard-guard';
import { clipboardText, present, type Presented } from './present';

export interface RevealRequest {
  environmentId: string;
  name: string;
  version?: string | undefined;
  field?: string | undefined;
  reason?: string | undefined;
}

export interface Revealed extends Presented {
  version: string;
  revealSeconds: number;
}

export interface Copied {
  version: string;
  clearsAt: string;
  clearsAfterSeconds: number;
}

export interface RevealDeps {
  connections: ConnectionsService;
  providers: ProviderRegistry;
  settings: SettingsStore;
  stepUp: StepUpGate;
  audit: AuditLog;
  clipboard: ClipboardGuard;
}

/**
 * The only ways a value leaves main for the operator: reveal and copy (ARCHITECTURE: a value
 * leaves main only through a reveal). In a protected path both need a current step-up, elsewhere
 * only with settings.stepUpEverywhere; a refusal is audited. The attempt is written before the
 * value is read and the outcome before it is returned: no event, no value.
 */
export class RevealService {
  constructor(private readonly deps: RevealDeps) {}

  async reveal(request: RevealRequest, signal?: AbortSignal): Promise<Revealed> {
    const { fields, read } = await this.authorize('secret.reveal', request);
    const revealSeconds = this.deps.settings.get().revealSeconds;
    const { revealed } = await this.deps.audit.around(
      { ...fields, details: { ...fields.details, revealSeconds } },
      async () => {
        const result = await read(signal);
        return { revealed: { ...present(result.value, request.name, request.field), version: result.version, revealSeconds }, result };
      },
      ({ revealed, result }) => ({ version: result.version, requestId: result.requestId ?? null, details: { kind: revealed.kind } }),
    );
    return revealed;
  }

  async copy(request: RevealRequest, signal?: AbortSignal): Promise<Copied> {
    const { fields, read } = await this.authorize('secret.copy', request);
    const clearsAfterSeconds = this.deps.settings.get().clipboardClearSeconds;
    const { copied } = await this.deps.audit.around(
      { ...fields, details: { ...fields.details, clearsAfterSeconds } },
      async () => {
        if (!this.deps.clipboard.available) throw new KeyholeError('UNSUPPORTED');
        const result = await read(signal);
        const clearsAt = await this.deps.clipboard.copy(clipboardText(result.value, request.name, request.field), clearsAfterSeconds * 1000);
        return { copied: { version: result.version, clearsAt: new Date(clearsAt).toISOString(), clearsAfterSeconds }, result };
      },
      ({ result }) => ({ version: result.version, requestId: result.requestId ?? null }),
    );
    return copied;
  }

  private async authorize(
    action: string,
    request: RevealRequest,
  ): Promise<{ fields: AuditFields; read: (signal?: AbortSignal) => Promise<ReadResult> }> {
    const { connections, providers, settings, stepUp, audit } = this.deps;
    const environment = connections.environment(request.environmentId);
    const connection = connections.connection(environment.connectionId);
    const protectedPath = connections.isProtectedPath(environment, connection, request.name);
    const needsStepUp = protectedPath || settings.get().stepUpEverywhere;
    const reason = request.reason?.trim();
    const fields: AuditFields = {
      action,
      connectionId: connection.id,
      environmentId: environment.id,
      path: request.name,
      version: request.version ?? null,
      reason: reason === undefined || reason === '' ? null : reason,
      details: { protected: protectedPath, stepUp: needsStepUp, field: request.field ?? null },
    };
    if (needsStepUp && !stepUp.hasGrant()) {
      await audit.record({ ...fields, outcome: 'refused', code: 'STEP_UP_REQUIRED' });
      throw new KeyholeError('STEP_UP_REQUIRED', { path: request.name });
    }
    const read = async (signal?: AbortSignal) => {
      const provider = await providers.get(connection, environment);
      const options = signal ? { signal } : {};
      return provider.read(request.name, request.version, options);
    };
    return { fields, read };
  }
}
