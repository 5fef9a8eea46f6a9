import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_KNOBS, type SandboxKnobs } from '../knobs';
import { RateLimiter } from '../rate-limit';
import type { SandboxServer, SandboxServerOptions } from '../server-handle';
import { createHandler } from './handler';
import { AWS_RATE_LIMITS } from './rate-limits';
import { defaultRotationKnobs, type AwsRotationKnobs } from './rotation-fault';
import { RotationRunner } from './rotation-runner';
import { ENV_PREFIXES } from './seed-load';
import { Snapshot } from './snapshot';
import { AwsState, type StateDocument } from './state';

/** What a client needs to reach the AWS sandbox (Secrets Manager and STS on one endpoint). */
export interface AwsSandboxInfo {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** A role the keys may assume through STS AssumeRole. */
  roleArn: string;
  /** Environments are name prefixes in `region`. */
  prefixes: { staging: string; production: string };
}

export interface AwsSandboxOptions extends SandboxServerOptions {
  /** The region the seed is loaded into; other regions start empty. */
  region?: string;
  /** The service's clock (signature skew, session expiry, scheduled deletions); tests move it. */
  now?: () => number;
  /** The rotation function's pace and an injected step failure. */
  rotation?: Partial<AwsRotationKnobs>;
}

export interface AwsSandboxServer extends SandboxServer<AwsSandboxInfo> {
  /** Live rotation knobs: tests change them while the server runs. */
  rotation: AwsRotationKnobs;
}

export const DEFAULT_SANDBOX_REGION = 'us-east-1';
const SNAPSHOT_FILE = 'aws-secrets-manager.json';

export async function startAwsSandbox(options: AwsSandboxOptions): Promise<AwsSandboxServer> {
  const now = options.now ?? Date.now;
  const region = options.region ?? DEFAULT_SANDBOX_REGION;
  const knobs: SandboxKnobs = { ...DEFAULT_KNOBS, ...options.knobs };

  let state: AwsState | undefined;
  let snapshot: Snapshot<StateDocument> | undefined;
  if (options.dataDir !== undefined) {
    snapshot = new Snapshot(options.dataDir, SNAPSHOT_FILE, () => (state as AwsState).toDocument(now()));
    state = AwsState.restore(snapshot.load());
  }
  if (!state) {
    state = AwsState.seeded(options.seed, region, now());
    snapshot?.markDirty();
  }

  const rotation: AwsRotationKnobs = { ...defaultRotationKnobs(), ...options.rotation };
  const changed = () => snapshot?.markDirty();
  const loaded = state;
  const rotations = new RotationRunner({ knobs: rotation, now, changed, logs: (name) => loaded.logs(name) });
  const handler = createHandler({ state, knobs, limiter: new RateLimiter(AWS_RATE_LIMITS), now, changed, rotations });
  const server = createServer({ keepAliveTimeout: 5000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const identities = state.identities;

  return {
    info: {
      endpoint: `http://127.0.0.1:${port}`,
      region,
      accessKeyId: identities.keys.accessKeyId,
      secretAccessKey: identities.keys.secretAccessKey,
      accountId: identities.account,
      roleArn: identities.roleArn,
      prefixes: { ...ENV_PREFIXES },
    },
    knobs,
    rotation,
    async close() {
      rotations.stopAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await snapshot?.flush();
    },
  };
}
