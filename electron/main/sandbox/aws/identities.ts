import { randomBytes } from 'node:crypto';
import { SIGNATURE_MISMATCH } from './errors';
import {
  amzDate,
  canonicalRequest,
  computeSignature,
  headerValue,
  parseAmzDate,
  parseAuthorization,
  signaturesEqual,
  type SignableRequest,
} from './sigv4';

/**
 * Who may call the sandbox: one IAM user's long-term keys, and the temporary credentials that
 * AssumeRole hands out for the one role those keys may assume (sessions expire as STS's do).
 */
export interface AccessKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Session extends AccessKeys {
  sessionToken: string;
  expiresAt: number;
  sessionName: string;
}

export interface Principal {
  arn: string;
  userId: string;
  account: string;
}

export type AuthFailure =
  | { kind: 'missing' }
  | { kind: 'incomplete'; message: string }
  | { kind: 'unknown-key' }
  | { kind: 'expired-token' }
  | { kind: 'signature'; message: string };

export interface Authenticated {
  principal: Principal;
  region: string;
}

/** AWS accepts a request signed up to 5 minutes before or after its own clock. */
const MAX_SKEW_MS = 5 * 60_000;
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function randomKeyId(prefix: 'AKIA' | 'ASIA' | 'AIDA' | 'AROA'): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const b of bytes) out += KEY_ALPHABET[b % KEY_ALPHABET.length];
  return out;
}

export function randomSecretKey(): string {
  return randomBytes(30).toString('base64').replace(/[+/]/g, 'A');
}

export class Identities {
  private readonly sessions = new Map<string, Session>();
  readonly userArn: string;
  readonly roleName: string;

  constructor(
    readonly account: string,
    readonly keys: AccessKeys,
    readonly userId: string,
    readonly roleArn: string,
    readonly roleId: string,
    sessions: Session[] = [],
  ) {
    this.userArn = `arn:aws:iam::${account}:user/keyhole-sandbox`;
    this.roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    for (const session of sessions) this.sessions.set(session.accessKeyId, session);
  }

  listSessions(now: number): Session[] {
    return [...this.sessions.values()].filter((s) => s.expiresAt > now);
  }

  /** Verifies a header-signed request for `service`; the region is the credential scope's. */
  authenticate(request: SignableRequest, service: string, now: number): Authenticated | AuthFailure {
    const header = headerValue(request.headers, 'authorization');
    if (header === undefined) return { kind: 'missing' };
    const parsed = parseAuthorization(header);
    if ('error' in parsed) return { kind: 'incomplete', message: parsed.error };

    const session = this.sessions.get(parsed.accessKeyId);
    const token = headerValue(request.headers, 'x-amz-security-token');
    let secret: string;
    let principal: Principal;
    if (parsed.accessKeyId === this.keys.accessKeyId) {
      if (token !== undefined) return { kind: 'unknown-key' };
      secret = this.keys.secretAccessKey;
      principal = { arn: this.userArn, userId: this.userId, account: this.account };
    } else if (session) {
      if (token !== session.sessionToken) return { kind: 'unknown-key' };
      if (session.expiresAt <= now) return { kind: 'expired-token' };
      secret = session.secretAccessKey;
      principal = {
        arn: `arn:aws:sts::${this.account}:assumed-role/${this.roleName}/${session.sessionName}`,
        userId: `${this.roleId}:${session.sessionName}`,
        account: this.account,
      };
    } else {
      return { kind: 'unknown-key' };
    }

    if (parsed.service !== service) {
      return { kind: 'signature', message: `Credential should be scoped to correct service: '${service}'. ` };
    }
    const dateHeader = headerValue(request.headers, 'x-amz-date') ?? headerValue(request.headers, 'date');
    if (dateHeader === undefined) {
      return { kind: 'incomplete', message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
    }
    const signedAt = parseAmzDate(dateHeader);
    if (Number.isNaN(signedAt)) return { kind: 'incomplete', message: "Date must be in ISO-8601 'basic format'." };
    const requestDate = amzDate(signedAt);
    if (parsed.scopeDate !== requestDate.slice(0, 8)) {
      return {
        kind: 'signature',
        message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.scopeDate}' != '${requestDate.slice(0, 8)}', from '${requestDate}'.`,
      };
    }
    if (signedAt < now - MAX_SKEW_MS) {
      return {
        kind: 'signature',
        message: `Signature expired: ${requestDate} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 5 min.)`,
      };
    }
    if (signedAt > now + MAX_SKEW_MS) {
      return {
        kind: 'signature',
        message: `Signature not yet current: ${requestDate} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 5 min.)`,
      };
    }
    if (!parsed.signedHeaders.includes('host')) {
      return { kind: 'signature', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." };
    }
    const expected = computeSignature(
      secret,
      dateHeader.includes('T') ? dateHeader : requestDate,
      { date: parsed.scopeDate, region: parsed.region, service: parsed.service },
      canonicalRequest(request, parsed.signedHeaders),
    );
    if (!signaturesEqual(expected, parsed.signature)) return { kind: 'signature', message: SIGNATURE_MISMATCH };
    return { principal, region: parsed.region };
  }

  /** STS AssumeRole for the sandbox's one role; the caller must be allowed (the user or a session of it). */
  assumeRole(sessionName: string, durationSeconds: number, now: number): Session {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now - 86_400_000) this.sessions.delete(id);
    const session: Session = {
      accessKeyId: randomKeyId('ASIA'),
      secretAccessKey: randomSecretKey(),
      sessionToken: randomBytes(180).toString('base64'),
      // STS answers expirations to the second.
      expiresAt: Math.floor((now + durationSeconds * 1000) / 1000) * 1000,
      sessionName,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }
}
