import type { AuditFilter } from '../../../../shared/audit';

/** A WHERE clause over audit_events and its parameters, in order. */
export interface SqlWhere {
  sql: string;
  params: Array<string | number>;
}

/** Times are compared as text: every stored time is `Date.toISOString()`, which sorts as it reads. */
function isoUtc(time: string): string {
  return new Date(time).toISOString();
}

/** Escapes LIKE's wildcards so a path substring matches literally. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function inList(column: string, values: readonly string[], where: SqlWhere): void {
  where.sql += ` AND ${column} IN (${values.map(() => '?').join(', ')})`;
  where.params.push(...values);
}

/**
 * The filter as SQL. Column names are fixed here; every value travels as a parameter. The clause
 * starts with `1` so callers can append `AND ...` terms of their own.
 */
export function filterWhere(filter: AuditFilter): SqlWhere {
  const where: SqlWhere = { sql: '1', params: [] };
  const add = (sql: string, value: string) => {
    where.sql += ` AND ${sql}`;
    where.params.push(value);
  };
  if (filter.from !== undefined) add('time >= ?', isoUtc(filter.from));
  if (filter.to !== undefined) add('time < ?', isoUtc(filter.to));
  if (filter.actions) inList('action', [...new Set(filter.actions)], where);
  if (filter.outcomes) inList('outcome', [...new Set(filter.outcomes)], where);
  if (filter.phases) inList('phase', [...new Set(filter.phases)], where);
  if (filter.connectionId !== undefined) add('connection_id = ?', filter.connectionId);
  if (filter.environmentId !== undefined) add('environment_id = ?', filter.environmentId);
  if (filter.actorUser !== undefined) add('actor_user = ?', filter.actorUser);
  if (filter.actorHost !== undefined) add('actor_host = ?', filter.actorHost);
  if (filter.principal !== undefined) add('principal = ?', filter.principal);
  if (filter.pathContains !== undefined) add("path LIKE ? ESCAPE '\\'", likeContains(filter.pathContains));
  return where;
}
