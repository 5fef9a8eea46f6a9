import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionConfig, ConnectionSecrets, EnvironmentScope } from '../../../shared/connections';
import type { ProviderKind } from '../../../shared/domain';
import { startAwsSandbox, type AwsSandboxInfo } from './aws';
import type { AwsRotationKnobs } from './aws/rotation-fault';
import { startAzureSandbox, type AzureSandboxInfo } from './azure';
import type { SandboxKnobs } from './knobs';
import { generateSeed } from './seed/generate';
import type { SandboxServer } from './server-handle';
import { startVaultSandbox, type VaultSandboxInfo } from './vault';

export interface SandboxStartOptions {
  dataDir?: string;
  /** Ports to try first (the ones an earlier run used), per provider. */
  ports?: Partial<Record<ProviderKind, number>>;
  seedCount?: number;
  seed?: number;
  canary?: string;
  knobs?: Partial<SandboxKnobs>;
  providers?: ProviderKind[];
  /** The AWS sandbox's rotation function: step pace and an injected step failure. */
  awsRotation?: Partial<AwsRotationKnobs>;
}

export interface SandboxConnectionDefinition {
  connection: { name: string; config: ConnectionConfig; secrets: ConnectionSecrets; caPem?: string };
  environments: Array<{ name: string; scope: EnvironmentScope; protected: boolean; nameMapping?: { separator: string } }>;
}

export interface SandboxInfo {
  vault?: VaultSandboxInfo;
  aws?: AwsSandboxInfo;
  azure?: AzureSandboxInfo;
}

export interface RunningSandbox {
  providers: ProviderKind[];
  ports: Partial<Record<ProviderKind, number>>;
  info: SandboxInfo;
  servers: Partial<Record<ProviderKind, SandboxServer<unknown>>>;
  /** The AWS sandbox's live rotation knobs (set `fault` to make a step fail or hang); absent without AWS. */
  awsRotation?: AwsRotationKnobs;
  connections(): SandboxConnectionDefinition[];
  close(): Promise<void>;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Starts a port, falling back to a free one when the remembered port is taken. */
async function startOn<T>(start: (port: number) => Promise<T>, port: number | undefined): Promise<T> {
  if (port === undefined) return start(0);
  try {
    return await start(port);
  } catch {
    return start(0);
  }
}

/** Starts the providers' sandbox servers over one seed: used by the app, the host and `npm run sandbox`. */
export async function startSandboxServers(options: SandboxStartOptions = {}): Promise<RunningSandbox> {
  const seed = generateSeed({
    ...(options.seedCount !== undefined ? { count: options.seedCount } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.canary !== undefined ? { canary: options.canary } : {}),
  });
  const providers = options.providers ?? ['vault', 'aws', 'azure'];
  const dir = (kind: ProviderKind) => (options.dataDir !== undefined ? { dataDir: join(options.dataDir, kind) } : {});
  const knobs = options.knobs !== undefined ? { knobs: options.knobs } : {};
  const servers: RunningSandbox['servers'] = {};
  const info: SandboxInfo = {};
  const definitions: SandboxConnectionDefinition[] = [];
  let awsRotation: AwsRotationKnobs | undefined;
  try {
    if (providers.includes('vault')) {
      const server = await startOn((port) => startVaultSandbox({ seed, ...dir('vault'), ...knobs, port }), options.ports?.vault);
      servers.vault = server;
      info.vault = server.info;
      const vaultScope = (prefix: string): EnvironmentScope => ({ kind: 'vault', mount: server.info.mount, prefix });
      definitions.push({
        connection: {
          name: 'Sandbox Vault',
          config: { kind: 'vault', address: server.info.url, auth: { method: 'token' } },
          secrets: { token: server.info.token },
        },
        environments: [
          { name: 'staging', scope: vaultScope(server.info.prefixes.staging), protected: false },
          { name: 'production', scope: vaultScope(server.info.prefixes.production), protected: true },
        ],
      });
    }
    if (providers.includes('aws')) {
      const rotation = options.awsRotation !== undefined ? { rotation: options.awsRotation } : {};
      const server = await startOn((port) => startAwsSandbox({ seed, ...dir('aws'), ...knobs, ...rotation, port }), options.ports?.aws);
      servers.aws = server;
      awsRotation = server.rotation;
      info.aws = server.info;
      const awsScope = (prefix: string): EnvironmentScope => ({ kind: 'aws', region: server.info.region, prefix });
      definitions.push({
        connection: {
          name: 'Sandbox AWS',
          config: {
            kind: 'aws',
            region: server.info.region,
            endpoint: server.info.endpoint,
            auth: { method: 'keys', accessKeyId: server.info.accessKeyId },
          },
          secrets: { secretAccessKey: server.info.secretAccessKey },
        },
        environments: [
          { name: 'staging', scope: awsScope(server.info.prefixes.staging), protected: false },
          { name: 'production', scope: awsScope(server.info.prefixes.production), protected: true },
        ],
      });
    }
    if (providers.includes('azure')) {
      const server = await startOn((port) => startAzureSandbox({ seed, ...dir('azure'), ...knobs, port }), options.ports?.azure);
      servers.azure = server;
      info.azure = server.info;
      const caPem = await readFile(server.info.caCertPath, 'utf8');
      const azureScope = (vaultUrl: string): EnvironmentScope => ({ kind: 'azure', vaultUrl, prefix: '' });
      definitions.push({
        connection: {
          name: 'Sandbox Azure',
          config: {
            kind: 'azure',
            tenantId: server.info.tenantId,
            authorityHost: server.info.authorityHost,
            auth: { method: 'client-secret', clientId: server.info.clientId },
          },
          secrets: { clientSecret: server.info.clientSecret },
          caPem,
        },
        environments: [
          { name: 'staging', scope: azureScope(server.info.vaultUrls.staging), protected: false, nameMapping: { separator: '--' } },
          { name: 'production', scope: azureScope(server.info.vaultUrls.production), protected: true, nameMapping: { separator: '--' } },
        ],
      });
    }
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    throw error;
  }
  const ports: RunningSandbox['ports'] = {};
  if (info.vault) ports.vault = portOf(info.vault.url);
  if (info.aws) ports.aws = portOf(info.aws.endpoint);
  if (info.azure) ports.azure = portOf(info.azure.authorityHost);
  return {
    providers: Object.keys(servers) as ProviderKind[],
    ports,
    info,
    servers,
    ...(awsRotation !== undefined ? { awsRotation } : {}),
    connections: () => definitions,
    close: async () => {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
