/** How Vault's HTTP layer answers: JSON envelopes for data, `{"errors":[...]}` for failures. */
export interface VaultReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers; becomes `{"errors": errors}` with the status. */
export class VaultHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[] = [],
  ) {
    super(errors[0] ?? `status ${status}`);
  }
}

export function errorReply(status: number, errors: string[] = []): VaultReply {
  return { status, body: { errors } };
}

/** hashicorp/go-multierror's default format, which Vault returns for wrapped errors. */
export function multiError(messages: string[]): string {
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]}\n\n`;
  return `${messages.length} errors occurred:\n\t${messages.map((m) => `* ${m}`).join('\n\t')}\n\n`;
}

export const PERMISSION_DENIED = 'permission denied';
export const INVALID_TOKEN = multiError([PERMISSION_DENIED, 'invalid token']);
export const ACL_DENIED = multiError([PERMISSION_DENIED]);
export const UNSUPPORTED_OPERATION = multiError(['unsupported operation']);
export const UNSUPPORTED_PATH = multiError(['unsupported path']);

/** A logical response envelope: what every successful JSON answer from Vault looks like. */
export function envelope(
  requestId: string,
  fields: { data?: unknown; auth?: unknown; warnings?: string[] | null; mountType?: string },
): Record<string, unknown> {
  return {
    request_id: requestId,
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: fields.data ?? null,
    wrap_info: null,
    warnings: fields.warnings ?? null,
    auth: fields.auth ?? null,
    mount_type: fields.mountType ?? '',
  };
}

export function noContent(): VaultReply {
  return { status: 204 };
}
