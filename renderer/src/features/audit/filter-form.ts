import type { AuditFilter, AuditOutcome } from '../../../../shared/audit';

/** Outcome choices: one outcome, or failures and refusals together ("problems"). */
export type OutcomeChoice = '' | 'problems' | AuditOutcome;

/** What the filter controls hold, as text; `toFilter` turns it into an AuditFilter. */
export interface FilterForm {
  /** `datetime-local` values, in local time. */
  from: string;
  to: string;
  action: string;
  outcome: OutcomeChoice;
  connectionId: string;
  environmentId: string;
  /** `user@host`, from the facets. */
  actor: string;
  principal: string;
  path: string;
}

export const EMPTY_FORM: FilterForm = {
  from: '',
  to: '',
  action: '',
  outcome: '',
  connectionId: '',
  environmentId: '',
  actor: '',
  principal: '',
  path: '',
};

export function actorKey(actor: { actorUser: string; actorHost: string }): string {
  return `${actor.actorUser}@${actor.actorHost}`;
}

/** A local `datetime-local` value as an ISO instant; undefined when empty or not a date. */
export function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The AuditFilter the form selects: only the fields that narrow anything. */
export function toFilter(form: FilterForm): AuditFilter {
  const filter: AuditFilter = {};
  const from = localToIso(form.from);
  const to = localToIso(form.to);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (form.action) filter.actions = [form.action];
  if (form.outcome === 'problems') filter.outcomes = ['failure', 'refused'];
  else if (form.outcome) filter.outcomes = [form.outcome];
  if (form.connectionId) filter.connectionId = form.connectionId;
  if (form.environmentId) filter.environmentId = form.environmentId;
  if (form.actor) {
    const at = form.actor.lastIndexOf('@');
    filter.actorUser = form.actor.slice(0, at);
    filter.actorHost = form.actor.slice(at + 1);
  }
  if (form.principal) filter.principal = form.principal;
  const path = form.path.trim();
  if (path) filter.pathContains = path;
  return filter;
}

/** How many controls narrow the selection (for "Clear filters"). */
export function activeCount(form: FilterForm): number {
  return (Object.keys(form) as (keyof FilterForm)[]).filter((key) => form[key].trim() !== '').length;
}
