import type { SecretMetadata } from '../../../../shared/domain';
import type { ConnectionsService } from '../connections/connections-service';
import type { EmitEvent } from '../events';
import type { JobRegistry } from '../jobs/job-registry';
import type { ProviderRegistry } from '../providers/registry';
import { metadataBatch, type BatchItem } from './metadata-batch';

/** Lists an environment's secrets as a job that streams pages of metadata (never values). */
export class InventoryService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly registry: ProviderRegistry,
    private readonly jobs: JobRegistry,
    private readonly emit: EmitEvent,
  ) {}

  load(environmentId: string): string {
    const environment = this.connections.environment(environmentId);
    const connection = this.connections.connection(environment.connectionId);
    return this.jobs.start('secrets.load', `${connection.name} / ${environment.name}`, async (job) => {
      const provider = await this.registry.get(connection, environment);
      let count = 0;
      for await (const page of provider.list({ signal: job.signal })) {
        count += page.items.length;
        this.emit('secrets:page', { jobId: job.id, environmentId, items: page.items });
        job.progress(count);
      }
      job.progress(count, count);
    });
  }

  async metadata(environmentId: string, name: string, signal?: AbortSignal): Promise<SecretMetadata> {
    const provider = await this.provider(environmentId);
    return provider.metadata(name, signal ? { signal } : {});
  }

  /** Summaries for names a listing gave without metadata; a failure answers for its name only. */
  async metadataBatch(environmentId: string, names: readonly string[], signal?: AbortSignal): Promise<{ items: BatchItem[] }> {
    const provider = await this.provider(environmentId);
    return { items: await metadataBatch(provider, names, signal) };
  }

  private provider(environmentId: string) {
    const environment = this.connections.environment(environmentId);
    const connection = this.connections.connection(environment.connectionId);
    return this.registry.get(connection, environment);
  }
}
