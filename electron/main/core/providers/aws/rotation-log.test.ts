import { describe, expect, it } from 'vitest';
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
