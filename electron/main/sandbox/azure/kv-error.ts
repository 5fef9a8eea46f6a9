/**
 * Key Vault's error answer: `{"error":{"code","message","innererror"?}}` with an HTTP status.
 * Messages follow the service's wording where it is documented or well known.
 */
export class KvError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string; innererror?: { code: string } } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.innerCode !== undefined ? { innererror: { code: this.innerCode } } : {}),
      },
    };
  }
}

export const kvErrors = {
  secretNotFound: (nameOrId: string) =>
    new KvError(
      404,
      'SecretNotFound',
      `A secret with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    ),
  deletedNotFound: () => new KvError(404, 'SecretNotFound', 'Deleted Secret not found'),
  disabled: () => new KvError(403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'),
  deletedButRecoverable: (name: string) =>
    new KvError(
      409,
      'Conflict',
      `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
    ),
  beingDeleted: (name: string) => new KvError(409, 'Conflict', `Secret ${name} is currently being deleted.`),
  beingRecovered: (name: string) => new KvError(409, 'Conflict', `Secret ${name} is currently being recovered.`),
  invalidName: (name: string) => new KvError(400, 'BadParameter', `The request URI contains an invalid name: ${name}`),
  badParameter: (message: string) => new KvError(400, 'BadParameter', message),
  unauthorized: (message: string) => new KvError(401, 'Unauthorized', message),
  throttled: () =>
    new KvError(429, 'Throttled', 'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached'),
  internal: () => new KvError(500, 'InternalServerError', 'The server encountered an internal error. Please retry the request.'),
  notFoundRoute: () => new KvError(404, 'NotFound', 'The requested resource was not found.'),
  methodNotAllowed: () => new KvError(405, 'MethodNotAllowed', 'The requested method is not allowed on this resource.'),
  tooLarge: () => new KvError(413, 'RequestEntityTooLarge', 'The request body is too large.'),
};
