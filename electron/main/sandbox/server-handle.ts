import type { SandboxKnobs } from './knobs';
import type { Seed } from './seed/model';

/** What every provider's sandbox server takes and returns, so cli.ts and the app compose them. */
export interface SandboxServerOptions {
  seed: Seed;
  /** Where the server persists its synthetic state between runs; memory only when absent. */
  dataDir?: string;
  knobs?: Partial<SandboxKnobs>;
  /** 0 (default) picks a free port; always bound to 127.0.0.1. */
  port?: number;
}

export interface SandboxServer<Info> {
  /** What a client needs to connect; printed by `npm run sandbox`. */
  info: Info;
  /** Live knobs: tests change them while the server runs. */
  knobs: SandboxKnobs;
  close(): Promise<void>;
}
