/**
 * The provider-neutral shape of the sandbox's synthetic data. Each provider's sandbox loads the
 * same environments into its own store, so diffs across providers find the same drift.
 * Names are in the common form (segments joined by "/"); values are synthetic, never real.
 */
export type SeedValue = { kind: 'fields'; fields: Record<string, string> } | { kind: 'string'; value: string };

export interface SeedVersion {
  createdAt: string;
  value: SeedValue;
}

export interface SeedSecret {
  name: string;
  description: string;
  tags: Record<string, string>;
  /** Oldest first; the last is current. */
  versions: SeedVersion[];
  expiresAt?: string;
  enabled?: boolean;
  contentType?: string;
  /** Soft-deleted: Vault deletes its latest version, AWS schedules deletion, Azure deletes it. */
  softDeleted?: boolean;
}

export interface SeedEnvironment {
  name: 'staging' | 'production';
  secrets: SeedSecret[];
}

/** What drift the generator planted between staging and production, for tests that diff. */
export interface SeedDrift {
  onlyInStaging: string[];
  onlyInProduction: string[];
  valueChanged: string[];
  metadataChanged: string[];
  longUnrotated: string[];
  softDeleted: string[];
}

export interface Seed {
  generatedAt: string;
  staging: SeedEnvironment;
  production: SeedEnvironment;
  drift: SeedDrift;
  /** The name of the secret that carries the canary value, when one was planted. */
  canaryName?: string;
}
