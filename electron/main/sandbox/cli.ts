import { parseArgs } from 'node:util';
import { PROVIDER_KINDS, type ProviderKind } from '../../../shared/domain';
import { parseRotationFaultFlag } from './aws/rotation-fault';
import { startSandboxServers } from './start';

/**
 * `npm run sandbox`: the providers' sandbox servers on loopback, out of process. Prints one JSON
 * line with everything a client needs, then serves until SIGTERM or SIGINT.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    'random-seed': { type: 'string' },
    'latency-ms': { type: 'string' },
    'error-rate': { type: 'string' },
    'throttle-rate': { type: 'string' },
    'drop-rate': { type: 'string' },
    'enforce-rate-limits': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    providers: { type: 'string', default: PROVIDER_KINDS.join(',') },
    canary: { type: 'string' },
    /** step[:mode[:secret]]: makes a step of the AWS rotation function fail (or hang), for every secret or one. */
    'aws-rotation-fault': { type: 'string' },
    'aws-rotation-step-ms': { type: 'string' },
  },
});

function rate(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new Error(`--${name} takes a fraction from 0 to 1`);
  return parsed;
}

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} takes a whole number`);
  return parsed;
}

const providers = values.providers.split(',').map((p) => p.trim()) as ProviderKind[];
for (const provider of providers) if (!PROVIDER_KINDS.includes(provider)) throw new Error(`unknown provider ${provider}`);
const seedCount = count('seed', values.seed);
const randomSeed = count('random-seed', values['random-seed']);
const rotationFault = values['aws-rotation-fault'] !== undefined ? parseRotationFaultFlag(values['aws-rotation-fault']) : undefined;
const rotationStepMs = count('aws-rotation-step-ms', values['aws-rotation-step-ms']);

const sandbox = await startSandboxServers({
  providers,
  ...(seedCount !== undefined ? { seedCount } : {}),
  ...(randomSeed !== undefined ? { seed: randomSeed } : {}),
  ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
  ...(values.canary !== undefined ? { canary: values.canary } : {}),
  awsRotation: {
    ...(rotationFault !== undefined ? { fault: rotationFault } : {}),
    ...(rotationStepMs !== undefined ? { stepMs: rotationStepMs } : {}),
  },
  knobs: {
    latencyMs: count('latency-ms', values['latency-ms']) ?? 0,
    errorRate: rate('error-rate', values['error-rate']),
    throttleRate: rate('throttle-rate', values['throttle-rate']),
    dropRate: rate('drop-rate', values['drop-rate']),
    enforceRateLimits: values['enforce-rate-limits'],
  },
});

process.stdout.write(`${JSON.stringify(sandbox.info)}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void sandbox.close().finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
