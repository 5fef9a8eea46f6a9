import { AWS_ROTATION_STEPS, type AwsRotationStep } from '../../../../shared/domain';
import { Invocation, type LambdaFunction } from './lambda-invocation';
import { removeLabel } from './labels';
import type { LogStore } from './log-store';
import { AWSPENDING } from './model';
import { findVersion } from './ops-common';
import type { RegionStore } from './region-store';
import { faultFor, type AwsRotationKnobs } from './rotation-fault';
import { runStep } from './rotation-function';
import { nextRotation } from './rotation-schedule';

/**
 * Runs rotations the way Secrets Manager drives a rotation function: each step is a separate
 * invocation, a short while after the last one; a failed step ends the run. After finishSecret
 * the service itself removes AWSPENDING and records the rotation. A configuration test
 * (RotateImmediately=false) runs testSecret only, then removes the empty AWSPENDING version.
 * Runs live in memory only: a restart loses them, as a Lambda timeout would.
 */
export interface RotationRunnerDeps {
  knobs: AwsRotationKnobs;
  now: () => number;
  /** Called after anything that should reach the snapshot. */
  changed: () => void;
  logs: (region: string) => LogStore;
}

interface Run {
  secretArn: string;
  secretName: string;
  token: string;
  stopped: boolean;
  wake: () => void;
}

export class RotationRunner {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly deps: RotationRunnerDeps) {}

  /** The token of the rotation running on this secret, if one is. */
  inProgress(secretArn: string): string | undefined {
    return this.runs.get(secretArn)?.token;
  }

  start(store: RegionStore, secret: { arn: string; name: string }, fn: LambdaFunction, token: string, immediately: boolean): void {
    this.stop(secret.arn);
    const run: Run = { secretArn: secret.arn, secretName: secret.name, token, stopped: false, wake: () => undefined };
    this.runs.set(secret.arn, run);
    void this.execute(run, store, fn, immediately)
      .catch(() => undefined)
      .finally(() => {
        if (this.runs.get(secret.arn) === run) this.runs.delete(secret.arn);
      });
  }

  /** Stops the run on this secret before its next step; returns its token. */
  stop(secretArn: string): string | undefined {
    const run = this.runs.get(secretArn);
    if (!run) return undefined;
    this.runs.delete(secretArn);
    run.stopped = true;
    run.wake();
    return run.token;
  }

  stopAll(): void {
    for (const arn of [...this.runs.keys()]) this.stop(arn);
  }

  /** Waits `ms` (forever when Infinity) or until the run is stopped. */
  private wait(run: Run, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
      run.wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private async execute(run: Run, store: RegionStore, fn: LambdaFunction, immediately: boolean): Promise<void> {
    const steps: readonly AwsRotationStep[] = immediately ? AWS_ROTATION_STEPS : ['testSecret'];
    for (const step of steps) {
      await this.wait(run, this.deps.knobs.stepMs);
      if (run.stopped) return;
      const invocation = new Invocation(this.deps.logs(store.region), fn, this.deps.now);
      const target = { store, secretArn: run.secretArn, token: run.token, now: this.deps.now(), configurationTest: !immediately };
      const outcome = runStep(step, target, invocation, faultFor(this.deps.knobs, step, run.secretName));
      if (outcome === 'hung') {
        this.deps.changed();
        await this.wait(run, Infinity);
        return;
      }
      invocation.end();
      this.deps.changed();
      if (outcome === 'failed') return;
    }
    if (!run.stopped) this.complete(run, store, immediately);
  }

  private complete(run: Run, store: RegionStore, immediately: boolean): void {
    const now = this.deps.now();
    const secret = store.resolve(run.secretArn, now);
    const version = secret && findVersion(secret, run.token);
    if (!secret || !version) return;
    if (immediately) {
      removeLabel(version, AWSPENDING);
      if (secret.rotation) {
        secret.rotation.lastRotatedAt = now;
        const next = nextRotation(secret.rotation.rules, now);
        if (next !== undefined) secret.rotation.nextRotationAt = next;
      }
    } else if (version.string === undefined && version.binary === undefined) {
      secret.versions = secret.versions.filter((v) => v !== version);
    } else {
      removeLabel(version, AWSPENDING);
    }
    store.changed(secret, now);
    this.deps.changed();
  }
}
