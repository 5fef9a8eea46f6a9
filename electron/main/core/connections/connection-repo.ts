import { connectionConfigSchema, environmentScopeSchema, nameMappingSchema, type Connection, type Environment } from '../../../../shared/connections';
import { KeyholeError } from '../../../../shared/errors';
import type { Db } from '../store/database';

interface ConnectionRow {
  id: string;
  name: string;
  kind: string;
  config: string;
  read_only: number;
  ca_pem: string | null;
  proxy_url: string | null;
  sandbox: number;
  created_at: string;
}

interface EnvironmentRow {
  id: string;
  connection_id: string;
  name: string;
  scope: string;
  name_mapping: string;
  protected: number;
  created_at: string;
}

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    config: connectionConfigSchema.parse(JSON.parse(row.config)),
    readOnly: row.read_only === 1,
    ...(row.ca_pem !== null ? { caPem: row.ca_pem } : {}),
    ...(row.proxy_url !== null ? { proxyUrl: row.proxy_url } : {}),
    sandbox: row.sandbox === 1,
    createdAt: row.created_at,
  };
}

function toEnvironment(row: EnvironmentRow): Environment {
  return {
    id: row.id,
    connectionId: row.connection_id,
    name: row.name,
    scope: environmentScopeSchema.parse(JSON.parse(row.scope)),
    nameMapping: nameMappingSchema.parse(JSON.parse(row.name_mapping)),
    protected: row.protected === 1,
    createdAt: row.created_at,
  };
}

/** Non-secret connection and environment records. Credentials never reach this table. */
export class ConnectionRepo {
  constructor(private readonly db: Db) {}

  listConnections(): Connection[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY created_at, name').all() as ConnectionRow[]).map(toConnection);
  }

  getConnection(id: string): Connection {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
    if (!row) throw new KeyholeError('NOT_FOUND');
    return toConnection(row);
  }

  saveConnection(connection: Connection): void {
    this.db
      .prepare(
        `INSERT INTO connections (id, name, kind, config, read_only, ca_pem, proxy_url, sandbox, created_at)
         VALUES (@id, @name, @kind, @config, @readOnly, @caPem, @proxyUrl, @sandbox, @createdAt)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, config = excluded.config, read_only = excluded.read_only,
           ca_pem = excluded.ca_pem, proxy_url = excluded.proxy_url`,
      )
      .run({
        id: connection.id,
        name: connection.name,
        kind: connection.config.kind,
        config: JSON.stringify(connection.config),
        readOnly: connection.readOnly ? 1 : 0,
        caPem: connection.caPem ?? null,
        proxyUrl: connection.proxyUrl ?? null,
        sandbox: connection.sandbox ? 1 : 0,
        createdAt: connection.createdAt,
      });
  }

  removeConnection(id: string): void {
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
  }

  listEnvironments(connectionId?: string): Environment[] {
    const rows = (
      connectionId === undefined
        ? this.db.prepare('SELECT * FROM environments ORDER BY created_at, name').all()
        : this.db.prepare('SELECT * FROM environments WHERE connection_id = ? ORDER BY created_at, name').all(connectionId)
    ) as EnvironmentRow[];
    return rows.map(toEnvironment);
  }

  getEnvironment(id: string): Environment {
    const row = this.db.prepare('SELECT * FROM environments WHERE id = ?').get(id) as EnvironmentRow | undefined;
    if (!row) throw new KeyholeError('NOT_FOUND');
    return toEnvironment(row);
  }

  saveEnvironment(environment: Environment): void {
    this.db
      .prepare(
        `INSERT INTO environments (id, connection_id, name, scope, name_mapping, protected, created_at)
         VALUES (@id, @connectionId, @name, @scope, @nameMapping, @protected, @createdAt)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, scope = excluded.scope, name_mapping = excluded.name_mapping,
           protected = excluded.protected`,
      )
      .run({
        id: environment.id,
        connectionId: environment.connectionId,
        name: environment.name,
        scope: JSON.stringify(environment.scope),
        nameMapping: JSON.stringify(environment.nameMapping),
        protected: environment.protected ? 1 : 0,
        createdAt: environment.createdAt,
      });
  }

  removeEnvironment(id: string): void {
    this.db.prepare('DELETE FROM environments WHERE id = ?').run(id);
  }
}
