import pg from 'pg';
import { KeyholeError } from '../../../../shared/errors';
import { scramVerifier } from './scram';

export interface PgLogin {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const CONNECT_TIMEOUT_MS = 5_000;
/** invalid_password and invalid_authorization_specification: the credential was refused. */
const REFUSED = new Set(['28P01', '28000']);

/** The connection a value's fields describe (host, port, username or user, password, dbname or database). */
export function loginFrom(fields: Record<string, string>): PgLogin {
  const user = fields.username ?? fields.user;
  const password = fields.password;
  const host = fields.host;
  if (user === undefined || password === undefined || host === undefined) throw new KeyholeError('INVALID_INPUT');
  const port = Number(fields.port ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new KeyholeError('INVALID_INPUT');
  return { host, port, user, password, database: fields.dbname ?? fields.database ?? 'postgres' };
}

/** True when the server accepts the login, false when it refuses the credential; other failures throw. */
export async function canLogin(login: PgLogin): Promise<boolean> {
  try {
    await withClient(login, async (client) => void (await client.query('SELECT 1')));
    return true;
  } catch (error) {
    if (error instanceof KeyholeError && error.code === 'UNAUTHENTICATED') return false;
    throw error;
  }
}

/**
 * Sets a role's password as a SCRAM verifier computed here (never the plaintext), or removes it
 * (NULL: no password login). Tries each login in turn until one is accepted: after a crash the
 * role may already have either its old or its new password.
 */
export async function setRolePassword(logins: PgLogin[], role: string, password: string | null): Promise<void> {
  let last: unknown = new KeyholeError('UNAUTHENTICATED');
  for (const login of logins) {
    try {
      await withClient(login, async (client) => {
        const secret = password === null ? 'NULL' : client.escapeLiteral(scramVerifier(password));
        await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} PASSWORD ${secret}`);
      });
      return;
    } catch (error) {
      last = error;
      if (!(error instanceof KeyholeError && error.code === 'UNAUTHENTICATED')) throw error;
    }
  }
  throw last;
}

async function withClient<T>(login: PgLogin, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...login, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'keyhole-rotation' });
  // An idle socket error after connect must not crash the process; the query's own error is the one reported.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } catch (error) {
    throw mapPgError(error, login.user);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** pg errors carry the server's message (which may quote a statement): only the SQLSTATE class travels on. */
function mapPgError(error: unknown, role: string): KeyholeError {
  if (error instanceof KeyholeError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && REFUSED.has(code)) return new KeyholeError('UNAUTHENTICATED', { path: role, detail: code });
  if (code === '42501') return new KeyholeError('FORBIDDEN', { path: role, detail: code });
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return new KeyholeError('INTERNAL', { path: role, detail: code });
  return new KeyholeError('UNAVAILABLE', { path: role, detail: code ?? 'connect' });
}
