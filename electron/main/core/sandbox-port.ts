import type { AwsRotationStep, ProviderKind } from '../../../shared/domain';

/** The embedded sandbox as core sees it; electron/main/sandbox implements it. */
export interface SandboxController {
  readonly available: boolean;
  status(): { running: boolean; providers: ProviderKind[] };
  /** Starts the servers if needed and creates the sandbox connections and environments once. */
  open(): Promise<string[]>;
  /** Starts the servers again for sandbox connections made in an earlier run (at app start). */
  resume(): Promise<void>;
  close(): Promise<void>;
  /** Client details of the running servers (the e2e host's test controls and `npm run sandbox`). */
  info(): object;
  /** Makes a step of the AWS sandbox's rotation function fail or hang (null: none); false when the AWS sandbox is not running. */
  setAwsRotationFault(fault: { step: AwsRotationStep; mode: 'fail' | 'hang'; secret?: string } | null): boolean;
}
