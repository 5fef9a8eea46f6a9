import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from '../../../shared/connections';
import type { ProviderKind } from '../../../shared/domain';
import type { Core } from '../core/core';
import type { SandboxController } from '../core/sandbox-port';
import type { AwsRotationFault } from './aws/rotation-fault';
import { startSandboxServers, type RunningSandbox, type SandboxInfo, type SandboxStartOptions } from './start';

/**
 * The sandbox embedded in the app (and the e2e host): its servers run in-process on loopback,
 * their synthetic data lives under <data>/sandbox, and "Open the sandbox" creates one connection
 * per provider with a staging and a protected production environment.
 */
export class EmbeddedSandbox implements SandboxController {
  readonly available = true;
  private running: RunningSandbox | null = null;
  private starting: Promise<RunningSandbox> | null = null;

  constructor(
    private readonly core: Core,
    private readonly dataDir: string,
    private readonly options: Omit<SandboxStartOptions, 'dataDir' | 'ports'> = {},
  ) {}

  status(): { running: boolean; providers: ProviderKind[] } {
    return { running: this.running !== null, providers: this.running ? this.running.providers : [] };
  }

  info(): SandboxInfo {
    return this.running?.info ?? {};
  }

  setAwsRotationFault(fault: AwsRotationFault | null): boolean {
    const knobs = this.running?.awsRotation;
    if (!knobs) return false;
    knobs.fault = fault;
    return true;
  }

  async open(): Promise<string[]> {
    const sandbox = await this.start();
    const existing = this.sandboxConnections();
    if (existing.length > 0) {
      await this.refreshEndpoints(sandbox, existing);
      return existing.map((connection) => connection.id);
    }
    const ids: string[] = [];
    for (const definition of sandbox.connections()) {
      const connection = await this.core.connections.create({ ...definition.connection, readOnly: false, sandbox: true });
      for (const environment of definition.environments) {
        await this.core.connections.createEnvironment({ connectionId: connection.id, ...environment });
      }
      ids.push(connection.id);
    }
    return ids;
  }

  async resume(): Promise<void> {
    const existing = this.sandboxConnections();
    if (existing.length === 0) return;
    await this.refreshEndpoints(await this.start(), existing);
  }

  async close(): Promise<void> {
    const running = this.running ?? (this.starting ? await this.starting.catch(() => null) : null);
    this.running = null;
    this.starting = null;
    await running?.close();
  }

  private sandboxConnections(): Connection[] {
    return this.core.connections.repoConnections().filter((connection) => connection.sandbox);
  }

  private async start(): Promise<RunningSandbox> {
    if (this.running) return this.running;
    this.starting ??= (async () => {
      const portsFile = join(this.dataDir, 'ports.json');
      await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      const ports = await readFile(portsFile, 'utf8').then(
        (text) => JSON.parse(text) as Partial<Record<ProviderKind, number>>,
        () => ({}),
      );
      const sandbox = await startSandboxServers({ ...this.options, dataDir: this.dataDir, ports });
      await writeFile(portsFile, JSON.stringify(sandbox.ports));
      this.running = sandbox;
      return sandbox;
    })();
    return this.starting;
  }

  /** Ports can change between runs when the old one is taken: sandbox connections follow. */
  private async refreshEndpoints(sandbox: RunningSandbox, existing: Connection[]): Promise<void> {
    const fresh = new Map(sandbox.connections().map((definition) => [definition.connection.config.kind, definition]));
    for (const connection of existing) {
      const definition = fresh.get(connection.config.kind);
      if (!definition) continue;
      const scopes = new Map(definition.environments.map((environment) => [environment.name, environment.scope]));
      const environments = this.core.connections.repoEnvironments(connection.id);
      const moved =
        JSON.stringify(definition.connection.config) !== JSON.stringify(connection.config) ||
        environments.some((environment) => JSON.stringify(scopes.get(environment.name) ?? environment.scope) !== JSON.stringify(environment.scope));
      if (moved) await this.core.connections.refreshSandboxEndpoint(connection.id, definition.connection.config, scopes);
    }
  }
}
