/**
 * Secrets Manager's error answers. Errors modelled by the service carry `Message`; errors raised
 * by AWS's request front end before the service runs (authentication, throttling, validation,
 * serialization) carry a lower-case `message`, as the real endpoints answer. Both are HTTP 400
 * except InternalServiceError (500).
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly frontEnd = false,
  ) {
    super(message);
    this.name = type;
  }

  body(): Record<string, string> {
    return { __type: this.type, [this.frontEnd ? 'message' : 'Message']: this.message };
  }
}

const frontEnd = (type: string, message: string, status = 400) => new AwsError(type, message, status, true);

export const errors = {
  notFound: () => new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  versionNotFound: (versionId: string) =>
    new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`),
  stageNotFound: (stage: string) =>
    new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`),
  markedForDeletion: () =>
    new AwsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  invalidRequest: (message: string) => new AwsError('InvalidRequestException', message),
  exists: (message: string) => new AwsError('ResourceExistsException', message),
  invalidNextToken: () => new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.'),
  internal: () => new AwsError('InternalServiceError', 'An error occurred on the server side.', 500),
  throttling: () => frontEnd('ThrottlingException', 'Rate exceeded'),
  validation: (field: string, constraint: string) =>
    frontEnd('ValidationException', `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`),
  serialization: (message: string) => frontEnd('SerializationException', message),
  unknownOperation: () => frontEnd('UnknownOperationException', ''),
  missingToken: () => frontEnd('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  incompleteSignature: (message: string) => frontEnd('IncompleteSignatureException', message),
  unrecognizedClient: () => frontEnd('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  expiredToken: () => frontEnd('ExpiredTokenException', 'The security token included in the request is expired'),
  invalidSignature: (message: string) => frontEnd('InvalidSignatureException', message),
};

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
