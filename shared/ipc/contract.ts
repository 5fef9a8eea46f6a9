import { appChannels, appEvents } from './channels/app';
import { auditChannels, auditEvents } from './channels/audit';
import { connectionsChannels } from './channels/connections';
import { diffChannels } from './channels/diff';
import { editChannels } from './channels/edit';
import { historyChannels } from './channels/history';
import { jobsChannels, jobsEvents } from './channels/jobs';
import { mfaChannels, mfaEvents } from './channels/mfa';
import { policiesChannels } from './channels/policies';
import { revealChannels } from './channels/reveal';
import { rotationChannels } from './channels/rotation';
import { secretsChannels, secretsEvents } from './channels/secrets';

/**
 * Every channel between the renderer and main, one file per capability under ./channels. Inputs
 * are strict (unknown keys are refused); outputs are parsed on the way out, which drops any field
 * not declared. A field that may carry a secret value or credential is wrapped in sensitive():
 * the contract test lists them.
 */
export const contract = {
  ...appChannels,
  ...connectionsChannels,
  ...secretsChannels,
  ...jobsChannels,
  ...auditChannels,
  ...mfaChannels,
  ...revealChannels,
  ...diffChannels,
  ...historyChannels,
  ...editChannels,
  ...rotationChannels,
  ...policiesChannels,
};

export const events = {
  ...jobsEvents,
  ...secretsEvents,
  ...appEvents,
  ...auditEvents,
  ...mfaEvents,
};

export { connectionViewSchema, type ConnectionView } from './channels/connections';
export { jobSchema, jobStateSchema, type JobView } from './channels/jobs';
export { MFA_PROTECTION, mfaStatusSchema, type MfaStatus } from './channels/mfa';

export type AppContract = typeof contract;
export type AppEvents = typeof events;
export type ChannelName = keyof AppContract;
export type EventName = keyof AppEvents;
