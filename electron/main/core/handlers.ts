import type { Handlers } from '../../../shared/ipc/bind';
import type { AppContract } from '../../../shared/ipc/contract';
import type { Core } from './core';
import { importCredentials } from './connections/import-credentials';
import { guardWhileLocked } from './mfa/lock-guard';

const OK = { ok: true as const };

/**
 * The contract's handlers over core services: thin, every rule lives in the services. While
 * Keyhole is locked, the guard refuses every channel but the few the lock screen needs.
 */
export function createHandlers(core: Core): Handlers<AppContract> {
  return guardWhileLocked(handlers(core), core.mfa, core.audit);
}

function handlers(core: Core): Handlers<AppContract> {
  return {
    'app:info': () => ({ version: core.info.version, platform: process.platform, shell: core.info.shell, sandboxAvailable: core.sandbox.available }),

    'settings:get': () => core.settings.get(),
    'settings:update': ({ patch }) => core.updateSettings(patch),

    'connections:list': () => core.connections.list(),
    'connections:create': async ({ importCredential, ...input }) =>
      core.connections.create(importCredential ? { ...input, secrets: await importCredentials(input.config) } : input),
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
    'secrets:metadataBatch': ({ environmentId, names }, { signal }) => core.inventory.metadataBatch(environmentId, names, signal),

    'jobs:list': () => ({ jobs: core.jobs.list() }),
    'jobs:cancel': ({ jobId }) => (core.jobs.cancel(jobId), OK),

    'audit:list': ({ limit, beforeSeq }) => ({ events: core.audit.list(limit, beforeSeq) }),
    'audit:query': ({ filter, limit, beforeSeq }) => core.auditQueries.page(filter, limit, beforeSeq),
    'audit:histogram': ({ filter, buckets }) => core.auditQueries.histogram(filter, buckets),
    'audit:bursts': ({ filter }) => ({ bursts: core.auditQueries.bursts(filter) }),
    'audit:secret': ({ limit, beforeSeq, ...secret }) => core.auditQueries.secret(secret, limit, beforeSeq),
    'audit:facets': () => core.auditQueries.facets(),
    'audit:verify': () => ({ jobId: core.auditVerification.start() }),
    'audit:verification': () => core.auditVerification.state(),
    'audit:export': ({ filter, formats }) => core.auditExport.start(filter, formats),

    'mfa:status': () => core.mfa.status(),
    'mfa:beginEnrollment': (proof) => core.mfa.beginEnrollment(proof),
    'mfa:confirmEnrollment': ({ enrollmentId, code }) => core.mfa.confirmEnrollment(enrollmentId, code),
    'mfa:stepUp': ({ code }) => core.mfa.stepUp(code),
    'mfa:regenerateRecoveryCodes': ({ code }) => core.mfa.regenerateRecoveryCodes(code),
    'mfa:disable': async (proof) => (await core.mfa.disable(proof), OK),
    'app:lock': async () => (await core.mfa.lock('command'), OK),
    'app:unlock': async (proof) => (await core.mfa.unlock(proof), OK),
    'app:activity': async () => (await core.mfa.activity(), OK),

    'secrets:reveal': (request, { signal }) => core.reveal.reveal(request, signal),
    'secrets:copy': (request, { signal }) => core.reveal.copy(request, signal),

    'diff:start': ({ a, b, renames }) => core.diff.start(a, b, renames),
    'diff:result': ({ diffId }) => core.diff.result(diffId),
    'diff:compare': (request, { signal }) => core.diff.compare(request, signal),
    'diff:preview': ({ diffId, names }) => {
      const result = core.diff.result(diffId);
      return { target: result.b, items: core.promote.preview(diffId, names).items };
    },
    'diff:promote': (request, { signal }) => core.promote.promote(request, signal),
    'diff:undo': (request, { signal }) => core.promote.undo(request, signal),
    'diff:promotions': () => ({ promotions: core.promote.list() }),
    'diff:export': ({ diffId, formats }) => core.diff.export(diffId, formats),
    'diff:definitions': () => ({ definitions: core.diffDefinitions.list() }),
    'diff:saveDefinition': (input) => core.diffDefinitions.save(input),
    'diff:removeDefinition': ({ id }) => (core.diffDefinitions.remove(id), OK),

    'history:open': (ref, { signal }) => core.history.open(ref, signal),
    'history:versions': (request, { signal }) => core.history.versions(request, signal),
    'history:compare': (request, { signal }) => core.history.compare(request, signal),
    'history:compareValues': (request, { signal }) => core.history.compareValues(request, signal),
    'history:rollback': (request, { signal }) => core.history.rollback(request, signal),
    'history:delete': async (request, { signal }) => (await core.history.delete(request, signal), OK),
    'history:restore': async (request, { signal }) => (await core.history.restore(request, signal), OK),
    'history:destroy': async (request, { signal }) => (await core.history.destroy(request, signal), OK),

    'rotation:list': () => ({
      rotations: [...core.rotation.list(), ...core.nativeRotation.list()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    }),
    'rotation:get': ({ id }) => (core.nativeRotation.has(id) ? core.nativeRotation.get(id) : core.rotation.get(id)),
    'rotation:start': ({ plan, reason }) => core.rotation.start(plan, reason),
    'rotation:confirm': ({ id, step, code, checklist }) => core.rotation.confirm(id, step, code, checklist),
    'rotation:resume': ({ id }) => core.rotation.resume(id),
    'rotation:abort': ({ id }) => core.rotation.abort(id),
    'rotation:nativeInfo': (secret) => core.nativeRotation.nativeInfo(secret),
    'rotation:startNative': (input) => core.nativeRotation.start(input),
    'rotation:cancelNative': ({ id, code }) => core.nativeRotation.cancel(id, code),
    'rotation:cleanPending': (input) => core.nativeRotation.cleanPending(input),
    'rotation:bulkStart': (request) => core.bulkRotation.start(request),
    'rotation:bulkGet': ({ id }) => core.bulkRotation.get(id),
    'rotation:bulkList': () => ({ bulks: core.bulkRotation.list() }),
    'rotation:bulkCancel': ({ id }) => core.bulkRotation.cancel(id),

    'policy:list': () => ({ policies: core.policies.list() }),
    'policy:set': ({ scope, intervalDays, code, reason }) => core.policies.set(scope, intervalDays, { code, reason }),
    'policy:clear': async ({ scope, code, reason }) => (await core.policies.clear(scope, { code, reason }), OK),
    'policy:due': ({ environmentIds }, { signal }) => core.policies.due(environmentIds, signal),
    'policy:secret': ({ environmentId, name }, { signal }) => core.policies.secret(environmentId, name, signal),

    'edit:open': (ref, { signal }) => core.edit.open(ref, signal),
    'edit:checkName': ({ environmentId, name }) => core.edit.checkName(environmentId, name),
    'edit:create': (request, { signal }) => core.edit.create(request, signal),
    'edit:preview': (request, { signal }) => core.edit.preview(request, signal),
    'edit:write': (request, { signal }) => core.edit.write(request, signal),
    'edit:updateMetadata': async (request, { signal }) => (await core.edit.updateMetadata(request, signal), OK),
    'edit:delete': (request, { signal }) => core.edit.delete(request, signal),
  };
}
