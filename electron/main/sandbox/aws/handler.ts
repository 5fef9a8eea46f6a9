import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, rollFault, type SandboxKnobs } from '../knobs';
import type { RateLimiter } from '../rate-limit';
import { AwsError, errors } from './errors';
import type { AuthFailure } from './identities';
import type { Body } from './input';
import { asLogsError, LOGS_TARGET_PREFIX, logsErrors, logsOperations } from './logs';
import type { Operation } from './ops-common';
import { readOperations } from './ops-read';
import { rotationOperations } from './ops-rotation';
import { writeOperations } from './ops-write';
import { rateGroup } from './rate-limits';
import type { RotationRunner } from './rotation-runner';
import type { SignableRequest } from './sigv4';
import type { AwsState } from './state';
import { handleSts, StsError, stsAuthError, stsErrorXml, stsInternal, stsThrottling } from './sts';

/**
 * One loopback endpoint for three services, told apart as the real wire does: Secrets Manager
 * requests carry `X-Amz-Target: secretsmanager.<Op>` and CloudWatch Logs requests
 * `Logs_20140328.<Op>` (both AWS JSON 1.1), STS requests are form-encoded query-protocol calls
 * signed for service `sts`.
 */
export interface HandlerDeps {
  state: AwsState;
  knobs: SandboxKnobs;
  limiter: RateLimiter;
  now: () => number;
  /** Called after anything that should reach the snapshot. */
  changed: () => void;
  rotations: RotationRunner;
}

const MAX_BODY = 1024 * 1024;

function jsonAuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'missing':
      return errors.missingToken();
    case 'incomplete':
      return errors.incompleteSignature(failure.message);
    case 'unknown-key':
      return errors.unrecognizedClient();
    case 'expired-token':
      return errors.expiredToken();
    case 'signature':
      return errors.invalidSignature(failure.message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const OPERATIONS: Record<string, Operation> = { ...readOperations, ...writeOperations, ...rotationOperations(deps.rotations) };

  function send(res: ServerResponse, status: number, contentType: string, body: string, requestId: string): void {
    res.writeHead(status, {
      'x-amzn-RequestId': requestId,
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
      Date: new Date(deps.now()).toUTCString(),
    });
    res.end(body);
  }

  const sendJson = (res: ServerResponse, status: number, body: unknown, requestId: string) =>
    send(res, status, 'application/x-amz-json-1.1', JSON.stringify(body), requestId);
  const sendJsonError = (res: ServerResponse, error: AwsError, requestId: string) => sendJson(res, error.status, error.body(), requestId);
  const sendStsError = (res: ServerResponse, error: StsError, requestId: string) =>
    send(res, error.status, 'text/xml', stsErrorXml(error, requestId), requestId);

  function parseBody(req: SignableRequest): Body | AwsError {
    try {
      const text = req.body.toString('utf8');
      const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as Body;
    } catch {
      return errors.serialization('Start of structure or map found where not expected.');
    }
  }

  function handleLogs(req: SignableRequest, target: string, res: ServerResponse, requestId: string): void {
    const auth = deps.state.identities.authenticate(req, 'logs', deps.now());
    if ('kind' in auth) return sendJsonError(res, jsonAuthError(auth), requestId);
    const name = target.slice(LOGS_TARGET_PREFIX.length);
    const operation = Object.hasOwn(logsOperations, name) ? logsOperations[name] : undefined;
    if (!operation) return sendJsonError(res, errors.unknownOperation(), requestId);
    const group = `logs:${name}`;
    if (deps.knobs.enforceRateLimits && !deps.limiter.take(`${auth.region}:${group}`, group)) {
      return sendJsonError(res, errors.throttling(), requestId);
    }
    const body = parseBody(req);
    if (body instanceof AwsError) return sendJsonError(res, body, requestId);
    try {
      const ctx = { logs: deps.state.logs(auth.region), region: auth.region, account: deps.state.identities.account };
      sendJson(res, 200, operation(body, ctx), requestId);
    } catch (error) {
      sendJsonError(res, asLogsError(error), requestId);
    }
  }

  function handleJson(req: SignableRequest, target: string, res: ServerResponse, requestId: string): void {
    if (target.startsWith(LOGS_TARGET_PREFIX)) return handleLogs(req, target, res, requestId);
    const now = deps.now();
    const auth = deps.state.identities.authenticate(req, 'secretsmanager', now);
    if ('kind' in auth) return sendJsonError(res, jsonAuthError(auth), requestId);
    const name = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
    const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
    if (!operation) return sendJsonError(res, errors.unknownOperation(), requestId);
    const group = rateGroup(name);
    if (deps.knobs.enforceRateLimits && !deps.limiter.take(`${auth.region}:${group}`, group)) {
      return sendJsonError(res, errors.throttling(), requestId);
    }
    const body = parseBody(req);
    if (body instanceof AwsError) return sendJsonError(res, body, requestId);
    try {
      const store = deps.state.region(auth.region);
      const revision = store.revision;
      try {
        sendJson(res, 200, operation(body, { store, now }), requestId);
      } finally {
        if (store.revision !== revision) deps.changed();
      }
    } catch (error) {
      sendJsonError(res, error instanceof AwsError ? error : errors.internal(), requestId);
    }
  }

  function handleStsRequest(req: SignableRequest, res: ServerResponse, requestId: string): void {
    const now = deps.now();
    const auth = deps.state.identities.authenticate(req, 'sts', now);
    if ('kind' in auth) return sendStsError(res, stsAuthError(auth), requestId);
    const params = new URLSearchParams(req.query);
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
    try {
      const xml = handleSts(params, deps.state.identities, auth.principal, now, requestId);
      if (params.get('Action') === 'AssumeRole') deps.changed();
      send(res, 200, 'text/xml', xml, requestId);
    } catch (error) {
      sendStsError(res, error instanceof StsError ? error : stsInternal(), requestId);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    const isJson = typeof target === 'string';
    if (body === undefined) {
      return isJson
        ? sendJsonError(res, errors.serialization('Request body is too large.'), requestId)
        : sendStsError(res, new StsError('ValidationError', 'Request body is too large.'), requestId);
    }
    await delay(deps.knobs.latencyMs);
    const fault = rollFault(deps.knobs);
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'throttle') return isJson ? sendJsonError(res, errors.throttling(), requestId) : sendStsError(res, stsThrottling(), requestId);
    if (fault === 'error') {
      if (!isJson) return sendStsError(res, stsInternal(), requestId);
      return sendJsonError(res, target.startsWith(LOGS_TARGET_PREFIX) ? logsErrors.unavailable() : errors.internal(), requestId);
    }

    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const signable: SignableRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      query: url.search.replace(/^\?/, ''),
      headers: pairs(req.rawHeaders),
      body,
    };
    if (isJson) {
      if (req.method !== 'POST') return sendJsonError(res, errors.unknownOperation(), requestId);
      return handleJson(signable, target, res, requestId);
    }
    return handleStsRequest(signable, res, requestId);
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJsonError(res, errors.internal(), randomUUID());
      else res.destroy();
    });
  };
}
