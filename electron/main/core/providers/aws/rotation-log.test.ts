import { describe, expect, it } from 'vitest';
import { linesOfSecret } from './invocations';
import { functionName } from './native';
import { informative, parseRotationLog } from './rotation-log';

const CANARY = 'canary-pw-Zq81xK';

describe('rotation function log lines', () => {
  it('keeps the step, the level, success and an exception name from the runtimes’ formats, and no text', () => {
    const cases: Array<[string, object]> = [
      [
        `[INFO]\t2024-05-01T10:00:00.000Z\tabc-123\tcreateSecret: Successfully put secret for ARN arn:x and version v1.`,
        { step: 'createSecret', level: 'info', succeeded: true },
      ],
      [
        `[ERROR]\t2024-05-01T10:00:01.000Z\tabc-123\tsetSecret: Unable to log into database with ${CANARY}`,
        { step: 'setSecret', level: 'error', succeeded: false },
      ],
      [
        `[ERROR] ValueError: Secret arn:x password ${CANARY}\nTraceback (most recent call last):`,
        { level: 'error', succeeded: false, errorType: 'ValueError' },
      ],
      [`[ERROR] NotImplementedError\nTraceback (most recent call last):`, { level: 'error', errorType: 'NotImplementedError' }],
      [
        `2024-05-01T10:00:00.000Z\tabc\tINFO\ttestSecret: Successfully signed into the database`,
        { step: 'testSecret', level: 'info', succeeded: true },
      ],
      [
        `2024-05-01T10:00:00.000Z\tabc\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"${CANARY}"}`,
        { level: 'error', errorType: 'TypeError' },
      ],
      [
        `{"level":"ERROR","message":"finishSecret: could not move ${CANARY}","requestId":"x"}`,
        { step: 'finishSecret', level: 'error', succeeded: false },
      ],
      [
        `{"log_level":"ERROR","errorType":"botocore.exceptions.ClientError","errorMessage":"${CANARY}"}`,
        { level: 'error', errorType: 'botocore.exceptions.ClientError' },
      ],
      [`2024-05-01T10:00:00.000Z abc Task timed out after 30.03 seconds`, { level: 'error', succeeded: false }],
      [`START RequestId: abc Version: $LATEST`, { level: 'info', succeeded: false }],
      [`[ERROR] ${CANARY}: leaked\n`, { level: 'error' }],
    ];
    for (const [line, expected] of cases) {
      const event = parseRotationLog(line, 42);
      expect(event, line).toMatchObject({ at: 42, ...expected });
      expect(JSON.stringify(event)).not.toContain(CANARY);
    }
    expect(parseRotationLog(`[ERROR] Bad-Name!: x`, 1).errorType).toBeUndefined();
    expect(informative(parseRotationLog('END RequestId: abc', 1))).toBe(false);
    expect(informative(parseRotationLog('[INFO]\tt\tr\tcreateSecret: starting', 1))).toBe(true);
  });

  it('names the log group after the function of the ARN, and nothing for what is not a Lambda ARN', () => {
    expect(functionName('arn:aws:lambda:us-east-1:123456789012:function:rotate-pg')).toBe('rotate-pg');
    expect(functionName('arn:aws:lambda:us-east-1:123456789012:function:rotate-pg:live')).toBe('rotate-pg');
    expect(functionName('arn:aws:s3:::bucket')).toBeUndefined();
    expect(functionName('arn:aws:lambda:us-east-1:1:function:../../x')).toBeUndefined();
  });
});

describe('a log shared by the secrets one function rotates', () => {
  const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
  const lines = [
    { stream: 's1', at: 1, message: 'START RequestId: 11111111-aaaa Version: $LATEST\n' },
    { stream: 's2', at: 1, message: 'START RequestId: 22222222-bbbb Version: $LATEST\n' },
    { stream: 's1', at: 2, message: `[INFO]\tt\t11111111-aaaa\tsetSecret: Successfully set password for secret arn ${arn('prod/db')}.\n` },
    { stream: 's2', at: 2, message: `[ERROR]\tt\t22222222-bbbb\tsetSecret: Unable to log into database for secret arn ${arn('prod/db2')}\n` },
    { stream: 's2', at: 3, message: '[ERROR] ValueError: Unable to log into database\nTraceback (most recent call last):\n' },
    { stream: 's3', at: 3, message: '[ERROR] KeyError: password\n' },
  ];

  it('keeps this secret’s invocations and those that name no secret, and leaves out another secret’s', () => {
    const kept = linesOfSecret(lines, 'prod/db').map((line) => line.message.slice(0, 40));
    expect(kept).toHaveLength(3);
    expect(kept.some((m) => m.includes('22222222'))).toBe(false);
    expect(linesOfSecret(lines, 'prod/db2').filter((line) => line.stream === 's2')).toHaveLength(3);
    expect(linesOfSecret(lines, 'prod/db2').some((line) => line.stream === 's1' && line.at === 2)).toBe(false);
  });
});
