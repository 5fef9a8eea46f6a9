import { AWS_ROTATION_STEPS, type AwsRotationStep } from '../../../../shared/domain';

/**
 * The sandbox rotation function's test knobs: how long it waits between its steps, and a step
 * made to fail (log the error and stop) or hang (never finish), for every secret or one by name.
 */
export interface AwsRotationFault {
  step: AwsRotationStep;
  mode: 'fail' | 'hang';
  /** The exact secret name; every secret when absent. */
  secret?: string;
}

export interface AwsRotationKnobs {
  /** Delay before each step's invocation. */
  stepMs: number;
  fault: AwsRotationFault | null;
}

export const DEFAULT_ROTATION_STEP_MS = 150;

export function defaultRotationKnobs(): AwsRotationKnobs {
  return { stepMs: DEFAULT_ROTATION_STEP_MS, fault: null };
}

const isStep = (value: unknown): value is AwsRotationStep => (AWS_ROTATION_STEPS as readonly unknown[]).includes(value);

/** Reads a fault from JSON: the fault, null to clear it, undefined when it is not one. */
export function parseRotationFault(value: unknown): AwsRotationFault | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { step, mode, secret, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || !isStep(step)) return undefined;
  if (mode !== undefined && mode !== 'fail' && mode !== 'hang') return undefined;
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) return undefined;
  return { step, mode: mode ?? 'fail', ...(secret !== undefined ? { secret } : {}) };
}

/** `step[:mode[:secret]]`, as `npm run sandbox --aws-rotation-fault` takes it. */
export function parseRotationFaultFlag(text: string): AwsRotationFault {
  const [step, mode, ...secret] = text.split(':');
  const fault = parseRotationFault({
    step,
    ...(mode !== undefined && mode !== '' ? { mode } : {}),
    ...(secret.length > 0 ? { secret: secret.join(':') } : {}),
  });
  if (!fault)
    throw new Error(`--aws-rotation-fault takes step[:mode[:secret]] with step one of ${AWS_ROTATION_STEPS.join(', ')} and mode fail or hang`);
  return fault;
}

export function faultFor(knobs: AwsRotationKnobs, step: AwsRotationStep, secretName: string): AwsRotationFault | undefined {
  const fault = knobs.fault;
  if (!fault || fault.step !== step) return undefined;
  return fault.secret === undefined || fault.secret === secretName ? fault : undefined;
}
