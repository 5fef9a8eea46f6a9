import type { Db } from '../store/database';

export interface SecretPath {
  connectionId: string;
  environmentId: string;
  path: string;
}

interface Row {
  rotation: string;
  actor_user: string;
  actor_host: string;
}

/**
 * Who ran each rotation of one secret, as the audit log says: the OS user and host of the first
 * event that names the rotation (`details.rotation`, as rotation events carry it). One index range
 * read on (connection, environment, path).
 */
export function rotationActors(db: Db, secret: SecretPath): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT COALESCE(json_extract(details, '$.rotation'), json_extract(details, '$.rotationId')) AS rotation, actor_user, actor_host
       FROM audit_events
       WHERE connection_id = ? AND environment_id = ? AND path = ? AND action LIKE 'rotation.%'
       ORDER BY seq`,
    )
    .all(secret.connectionId, secret.environmentId, secret.path) as Array<Row | (Omit<Row, 'rotation'> & { rotation: null })>;
  const actors = new Map<string, string>();
  for (const row of rows) {
    if (typeof row.rotation === 'string' && !actors.has(row.rotation)) actors.set(row.rotation, `${row.actor_user}@${row.actor_host}`);
  }
  return actors;
}
