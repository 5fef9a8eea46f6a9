import type { Handlers } from '../../../shared/ipc/bind';
import type { AppContract } from '../../../shared/ipc/contract';
import type { Core } from './core';

const OK = { ok: true as const };

/** The contract's handlers over core services: thin, every rule lives in the services. */
export function createHandlers(core: Core): Handlers<AppContract> {
  return {
    'app:info': () => ({ version: core.info.version, platform: process.platform, shell: core.info.shell, sandboxAvailable: core.sandbox.available }),

    'settings:get': () => core.settings.get(),
    'settings:update': ({ patch }) => core.updateSettings(patch),

    'connections:list': () => core.connections.list(),
    'connections:create': (input) => core.connections.create(input),
    'connections:update': (input) => core.connections.update(input),
    'connections:remove': async ({ id }) => (await core.connections.remove(id), OK),
    'connections:check': ({ id }) => core.connections.check(id),
    'connections:discover': ({ id }) => core.discover(id),

    'environments:create': (input) => core.connections.createEnvironment(input),
    'environments:update': (input) => core.connections.updateEnvironment(input),
    'environments:remove': async ({ id }) => (await core.connections.removeEnvironment(id), OK),

    'sandbox:status': () => ({ available: core.sandbox.available, ...core.sandbox.status() }),
    'sandbox:open': async () => ({ connectionIds: await core.sandbox.open() }),

    'secrets:load': ({ environmentId }) => ({ jobId: core.inventory.load(environmentId) }),
    'secrets:metadata': ({ environmentId, name }, { signal }) => core.inventory.metadata(environmentId, name, signal),

    'jobs:list': () => ({ jobs: core.jobs.list() }),
    'jobs:cancel': ({ jobId }) => (core.jobs.cancel(jobId), OK),

    'audit:list': ({ limit, beforeSeq }) => ({ events: core.audit.list(limit, beforeSeq) }),
  };
}
