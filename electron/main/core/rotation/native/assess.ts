import type { AwsRotationStep } from '../../../../../shared/domain';
import type { NativeLogEvent, NativeRotationState } from '../../providers/provider';
import type { NativeStep } from './native-store';

/**
 * Where an AWS native rotation stands, from what Keyhole can see of it: the labels
 * (DescribeSecret) and the rotation function's log reduced to steps and levels. Pure: the
 * service reads, this decides.
 */
export interface Observation {
  state: NativeRotationState;
  /** null: the log could not be read (no access, no log group). */
  events: NativeLogEvent[] | null;
  /** Nothing moved for longer than the stall threshold. */
  stalled: boolean;
  at: string;
}

export interface Assessment {
  outcome: 'running' | 'completed' | 'failed';
  steps: NativeStep[];
  failedStep?: AwsRotationStep;
  failedStepUncertain?: boolean;
  /** The exception class the runtime logged for the failure, when it logged one. */
  errorType?: string;
  leftBehind?: string;
  pendingVersion?: string;
}

interface Subject {
  immediately: boolean;
  version: string;
  steps: NativeStep[];
}

const ORDER: readonly AwsRotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const AWSPREVIOUS = 'AWSPREVIOUS';
const AWSPENDING = 'AWSPENDING';

/** The steps as planned, before anything ran. */
export function plannedNativeSteps(immediately: boolean, version: string): NativeStep[] {
  if (!immediately) {
    const skipped = 'A test of the configuration does not run this step.';
    return [
      { name: 'createSecret', status: 'skipped', plan: `${skipped} Secrets Manager labels an empty version ${version} AWSPENDING for the test.` },
      { name: 'setSecret', status: 'skipped', plan: skipped },
      {
        name: 'testSecret',
        status: 'pending',
        plan: `The function checks its configuration against version ${version}, which Secrets Manager then removes; AWSCURRENT does not move.`,
      },
      { name: 'finishSecret', status: 'skipped', plan: skipped },
    ];
  }
  return [
    {
      name: 'createSecret',
      status: 'pending',
      plan: `The rotation function makes a new value and stores it as version ${version} under AWSPENDING.`,
    },
    { name: 'setSecret', status: 'pending', plan: 'The function sets the new credential in the database or service the secret is for.' },
    { name: 'testSecret', status: 'pending', plan: 'The function checks that the new credential works.' },
    { name: 'finishSecret', status: 'pending', plan: `The function moves AWSCURRENT to version ${version}; the old version becomes AWSPREVIOUS.` },
  ];
}

export function assess(subject: Subject, observation: Observation): Assessment {
  const { state, events } = observation;
  const token = subject.version;
  const log = readLog(events ?? []);
  // A test runs testSecret only; a step its log names anyway is shown too.
  const active = ORDER.filter((step) => subject.immediately || step === 'testSecret' || log.mentioned.has(step));
  const tokenLabels = state.stages[token] ?? [];
  const onToken = state.pending?.version === token;
  const currentOnToken = state.currentVersion === token;
  const valueOnToken = currentOnToken || (onToken && state.pending?.hasValue === true);

  const said = new Map<AwsRotationStep, string>();
  const done = new Set<AwsRotationStep>();
  const mark = (step: AwsRotationStep, text: string) => {
    if (done.has(step)) return;
    done.add(step);
    said.set(step, text);
  };
  for (const step of log.succeeded) mark(step, `The function's log says ${step} succeeded.`);
  if (valueOnToken) mark('createSecret', `Version ${token} holds a new value.`);
  if (currentOnToken) {
    const previous = Object.entries(state.stages).find(([, labels]) => labels.includes(AWSPREVIOUS))?.[0];
    mark('setSecret', `AWSCURRENT moved to version ${token}, which the function does only after setSecret.`);
    mark('testSecret', `AWSCURRENT moved to version ${token}, which the function does only after testSecret.`);
    mark(
      'finishSecret',
      `AWSCURRENT is on version ${token}${previous !== undefined && previous !== token ? `; version ${previous} is AWSPREVIOUS` : ''}.`,
    );
  }

  const testOver = !subject.immediately && !tokenLabels.includes(AWSPENDING);
  let outcome: Assessment['outcome'] = 'running';
  if (subject.immediately && currentOnToken) outcome = 'completed';
  else if (testOver && (done.has('testSecret') || events === null) && log.failure === undefined) {
    outcome = 'completed';
    mark('testSecret', `Secrets Manager removed version ${token}; the function's log could not be read to confirm testSecret passed.`);
    for (const step of active) mark(step, `The function's log says nothing of ${step}; the test is over.`);
  } else if (log.failure !== undefined) outcome = 'failed';

  let failedStep: AwsRotationStep | undefined;
  let uncertain = false;
  if (outcome === 'failed' && log.failure !== undefined) {
    failedStep = log.failure.step ?? nextStep(active, log.failure.before);
    for (const step of active.slice(0, active.indexOf(failedStep))) mark(step, `Ran: the function reached ${failedStep} after it.`);
    said.set(
      failedStep,
      `The function's log shows an error at ${failedStep}${log.failure.errorType !== undefined ? ` (${log.failure.errorType})` : ''}.`,
    );
  } else if (outcome === 'running' && observation.stalled) {
    if (events !== null) {
      failedStep = nextStep(active, done);
      said.set(failedStep, `Nothing moved for a while: the function's log shows ${failedStep} started and did not finish.`);
    } else if (onToken && state.pending?.hasValue === false) {
      failedStep = 'createSecret';
      said.set(failedStep, `Version ${token} is still an empty placeholder: createSecret did not store a value.`);
    } else if (valueOnToken) {
      failedStep = 'setSecret';
      uncertain = true;
      said.set(
        failedStep,
        `Version ${token} holds the new value but AWSCURRENT did not move: setSecret or testSecret did not finish (the log could not be read to tell which).`,
      );
    } else {
      failedStep = 'createSecret';
      uncertain = true;
      said.set(failedStep, `Version ${token} carries no AWSPENDING label and no value.`);
    }
  }

  const steps = subject.steps.map((previous): NativeStep => {
    const name = previous.name;
    let status: NativeStep['status'];
    if (!active.includes(name)) status = 'skipped';
    else if (name === failedStep && (outcome === 'failed' || observation.stalled)) status = outcome === 'failed' ? 'failed' : 'running';
    else if (done.has(name)) status = 'done';
    else if (outcome === 'failed') status = 'skipped';
    else status = name === nextStep(active, done) ? 'running' : 'pending';
    const result = said.get(name) ?? (outcome === 'failed' && status === 'skipped' && active.includes(name) ? 'Not run.' : undefined);
    const changed = status !== previous.status || result !== previous.result;
    const plan =
      active.includes(name) && previous.status === 'skipped'
        ? (plannedNativeSteps(true, token).find((s) => s.name === name)?.plan ?? previous.plan)
        : previous.plan;
    return {
      name,
      status,
      plan,
      ...(result !== undefined ? { result } : {}),
      ...(changed && status !== 'pending' && status !== 'running' ? { at: observation.at } : previous.at !== undefined ? { at: previous.at } : {}),
    };
  });

  const assessment: Assessment = { outcome, steps };
  if (failedStep !== undefined) {
    assessment.failedStep = failedStep;
    if (uncertain) assessment.failedStepUncertain = true;
  }
  if (outcome === 'failed' && log.failure?.errorType !== undefined) assessment.errorType = log.failure.errorType;
  if (outcome === 'failed' || (outcome === 'running' && observation.stalled)) {
    assessment.leftBehind = describeLabels(state, token);
    if (state.pending !== undefined && !state.pending.onCurrent) assessment.pendingVersion = state.pending.version;
  }
  return assessment;
}

/** The labels in plain words: where AWSPENDING is and what it holds, where AWSCURRENT is. */
export function describeLabels(state: NativeRotationState, token: string): string {
  const current = state.currentVersion;
  const currentWords =
    current === undefined
      ? 'no version is AWSCURRENT'
      : current === token
        ? `AWSCURRENT is on version ${current}, the new one`
        : `AWSCURRENT is still on ${current}`;
  const pending = state.pending;
  if (pending === undefined || pending.onCurrent) return `No version carries AWSPENDING; ${currentWords}.`;
  const holds = pending.hasValue ? 'which holds the new value' : 'an empty version';
  return `AWSPENDING is on version ${pending.version}, ${holds}; ${currentWords}.`;
}

interface LogReading {
  succeeded: Set<AwsRotationStep>;
  mentioned: Set<AwsRotationStep>;
  /** `before`: the steps that had succeeded when the error came. */
  failure?: { step?: AwsRotationStep; before: Set<AwsRotationStep>; errorType?: string };
}

/**
 * The first error is the failure; a following error without a step (the runtime's exception line
 * after the function's own message) only adds its exception name. An error that names no step
 * belongs to the step after the last one that succeeded.
 */
function readLog(events: NativeLogEvent[]): LogReading {
  const reading: LogReading = { succeeded: new Set(), mentioned: new Set() };
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    if (event.step !== undefined) reading.mentioned.add(event.step);
    if (event.level === 'error') {
      if (reading.failure === undefined) {
        reading.failure = {
          ...(event.step !== undefined ? { step: event.step } : {}),
          before: new Set(reading.succeeded),
          ...(event.errorType !== undefined ? { errorType: event.errorType } : {}),
        };
      } else if (reading.failure.errorType === undefined && event.errorType !== undefined) reading.failure.errorType = event.errorType;
      continue;
    }
    if (event.succeeded && event.step !== undefined && reading.failure === undefined) reading.succeeded.add(event.step);
  }
  return reading;
}

function nextStep(order: readonly AwsRotationStep[], done: Set<AwsRotationStep>): AwsRotationStep {
  return order.find((step) => !done.has(step)) ?? order[order.length - 1] ?? 'finishSecret';
}
