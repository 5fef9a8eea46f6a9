/**
 * Secrets Manager's documented request quotas (per account and region), in requests per second.
 * Operations that share a quota share a bucket.
 */
export const AWS_RATE_LIMITS: Record<string, number> = {
  'GetSecretValue+DescribeSecret': 10_000,
  BatchGetSecretValue: 100,
  ListSecrets: 100,
  ListSecretVersionIds: 50,
  CreateSecret: 50,
  DeleteSecret: 50,
  UpdateSecret: 50,
  'PutSecretValue+RestoreSecret+RotateSecret+TagResource+UntagResource+UpdateSecretVersionStage': 50,
  CancelRotateSecret: 50,
  // CloudWatch Logs, on the same endpoint.
  'logs:FilterLogEvents': 5,
  'logs:DescribeLogGroups': 5,
};

const GROUP_OF = new Map<string, string>();
for (const group of Object.keys(AWS_RATE_LIMITS)) for (const op of group.split('+')) GROUP_OF.set(op, group);

export function rateGroup(operation: string): string {
  return GROUP_OF.get(operation) ?? operation;
}
