import type { AuthFailure, Identities, Principal } from './identities';

/**
 * STS over the query protocol (form-encoded POST, XML answers), enough for the SDKs' own
 * assume-role flow and for GetCallerIdentity. Errors are XML ErrorResponse documents with the
 * status codes STS uses (403 for credential and permission failures).
 */
const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MAX_SESSION_SECONDS = 3600;

export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

export function stsErrorXml(error: StsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NS}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function stsAuthError(failure: AuthFailure): StsError {
  switch (failure.kind) {
    case 'missing':
      return new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'incomplete':
      return new StsError('IncompleteSignature', failure.message, 400);
    case 'unknown-key':
      return new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'expired-token':
      return new StsError('ExpiredToken', 'The security token included in the request is expired', 400);
    case 'signature':
      return new StsError('SignatureDoesNotMatch', failure.message, 403);
  }
}

export const stsThrottling = () => new StsError('Throttling', 'Rate exceeded', 400);
export const stsInternal = () => new StsError('InternalFailure', 'An internal error has occurred', 500, 'Receiver');

function envelope(action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

function validation(field: string, constraint: string): StsError {
  return new StsError('ValidationError', `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`);
}

function assumeRole(params: URLSearchParams, identities: Identities, caller: Principal, now: number): string {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  if (roleArn === null || roleArn.length < 20) throw validation('roleArn', 'Member must not be null');
  if (sessionName === null || !SESSION_NAME.test(sessionName)) {
    throw validation('roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  const duration = Number(params.get('DurationSeconds') ?? '3600');
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw validation('durationSeconds', 'Member must have value greater than or equal to 900');
  }
  if (duration > MAX_SESSION_SECONDS) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  if (roleArn !== identities.roleArn) {
    throw new StsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  }
  const session = identities.assumeRole(sessionName, duration, now);
  return (
    `<AssumedRoleUser><Arn>arn:aws:sts::${identities.account}:assumed-role/${escapeXml(identities.roleName)}/${escapeXml(sessionName)}</Arn>` +
    `<AssumedRoleId>${identities.roleId}:${escapeXml(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${session.sessionToken}</SessionToken><Expiration>${new Date(session.expiresAt).toISOString().replace('.000Z', 'Z')}</Expiration></Credentials>`
  );
}

/** Answers one STS action as XML; throws StsError. */
export function handleSts(params: URLSearchParams, identities: Identities, caller: Principal, now: number, requestId: string): string {
  const action = params.get('Action') ?? '';
  switch (action) {
    case 'GetCallerIdentity':
      return envelope(
        action,
        `<Arn>${escapeXml(caller.arn)}</Arn><UserId>${escapeXml(caller.userId)}</UserId><Account>${caller.account}</Account>`,
        requestId,
      );
    case 'AssumeRole':
      return envelope(action, assumeRole(params, identities, caller, now), requestId);
    default:
      throw new StsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
  }
}
