/**
 * The Keyhole side of the rotation crash tests, as a child process the test can kill: builds core
 * over a data folder and the real keychain, connects to an out-of-process sandbox's Vault, and
 * either runs a rotation through (confirming each step) or resumes the one a crash left behind.
 * With --crash-at it SIGKILLs itself right after that step's effect, before the step is recorded.
 * Prints the rotation's final view as one JSON line.
 */
import { parseArgs } from 'node:util';
import { KeytarCredentialStore } from '../../../platform/keychain';
import type { RotationPlan, RotationView } from '../../../../../shared/ipc/channels/rotation';
import { composeCore } from '../../../compose-core';
import { silentLogger } from '../../logger';
import { systemClock } from '../../system-clock';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'keychain-service': { type: 'string' },
    'vault-url': { type: 'string' },
    'vault-token': { type: 'string' },
    mode: { type: 'string' },
    plan: { type: 'string' },
    'crash-at': { type: 'string' },
  },
});

const crashAt = values['crash-at'];
const core = composeCore({
  dataDir: values['data-dir']!,
  keychain: new KeytarCredentialStore({ service: values['keychain-service']! }),
  clock: systemClock,
  logger: silentLogger,
  emit: () => undefined,
  shell: 'e2e-host',
  version: 'crash-driver',
  rotationCrashPoint: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});

async function environmentId(): Promise<string> {
  const { environments } = await core.connections.list();
  if (environments[0] !== undefined) return environments[0].id;
  const connection = await core.connections.create({
    name: 'Crash sandbox',
    config: { kind: 'vault', address: values['vault-url']!, auth: { method: 'token' } },
    readOnly: false,
    secrets: { token: values['vault-token']! },
  });
  const environment = await core.connections.createEnvironment({
    connectionId: connection.id,
    name: 'staging',
    scope: { kind: 'vault', mount: 'kv', prefix: 'staging/' },
    protected: false,
  });
  return environment.id;
}

/** Confirms whatever the rotation waits for until it ends. */
async function drive(view: RotationView): Promise<RotationView> {
  while (view.status === 'awaiting-confirmation' && view.awaiting !== undefined)
    view = await core.rotation.confirm(
      view.id,
      view.awaiting,
      undefined,
      view.checklist.map(() => true),
    );
  return view;
}

let final: RotationView;
if (values.mode === 'run') {
  const plan = JSON.parse(values.plan!) as RotationPlan;
  final = await drive(await core.rotation.start({ ...plan, secret: { ...plan.secret, environmentId: await environmentId() } }));
} else {
  const interrupted = core.rotation.list().find((r) => r.status === 'interrupted' || r.status === 'awaiting-confirmation');
  if (interrupted === undefined) throw new Error('nothing to resume');
  process.stdout.write(`${JSON.stringify({ found: interrupted })}\n`);
  final = await drive(interrupted.status === 'interrupted' ? await core.rotation.resume(interrupted.id) : interrupted);
}
process.stdout.write(`${JSON.stringify({ final })}\n`);
await core.close();
