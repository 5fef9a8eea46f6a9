import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_KNOBS, type SandboxKnobs } from '../knobs';
import { RateLimiter } from '../rate-limit';
import type { SandboxServer, SandboxServerOptions } from '../server-handle';
import { createHandler } from './handler';
import { AWS_RATE_LIMITS } from './rate-limits';
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
}

export const DEFAULT_SANDBOX_REGION = 'us-east-1';
const SNAPSHOT_FILE = 'aws-secrets-manager.json';

export async function startAwsSandbox(options: AwsSandboxOptions): Promise<SandboxServer<AwsSandboxInfo>> {
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

  const handler = createHandler({
    state,
    knobs,
    limiter: new RateLimiter(AWS_RATE_LIMITS),
    now,
    changed: () => snapshot?.markDirty(),
  });
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
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await snapshot?.flush();
    },
  };
}
