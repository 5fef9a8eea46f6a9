import { randomBytes, randomUUID } from 'node:crypto';
import type { LogStore } from './log-store';

/**
 * One invocation of a Lambda function as its log shows it: a log stream of its own in
 * /aws/lambda/<function>, the runtime's START / END / REPORT lines around what the function
 * logged, in the Python runtime's formats (a logger line is `[LEVEL]\t<ISO time>\t<request id>\t
 * <message>`, an unhandled exception `[ERROR] <Type>: <message>` and its traceback). Every message
 * ends with a newline, as CloudWatch Logs keeps them.
 */
export interface LambdaFunction {
  arn: string;
  name: string;
  region: string;
  account: string;
}

const FUNCTION_ARN = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::\$LATEST)?$/;

export function parseFunctionArn(arn: string): LambdaFunction | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (!match) return undefined;
  return { arn, region: match[1] as string, account: match[2] as string, name: match[3] as string };
}

export const logGroupOf = (fn: LambdaFunction): string => `/aws/lambda/${fn.name}`;

function streamName(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** A frame of the traceback the runtime prints: the call, in the function's source file. */
export interface Frame {
  line: number;
  scope: string;
  code: string;
}

export class Invocation {
  readonly requestId = randomUUID();
  private readonly group: string;
  private readonly stream: string;
  private readonly startedAt = performance.now();

  constructor(
    private readonly log: LogStore,
    fn: LambdaFunction,
    private readonly now: () => number,
  ) {
    this.group = logGroupOf(fn);
    this.stream = streamName(now());
    this.write(`START RequestId: ${this.requestId} Version: $LATEST`);
  }

  info(message: string): void {
    this.write(`[INFO]\t${new Date(this.now()).toISOString()}\t${this.requestId}\t${message}`);
  }

  /** What the function logs before it raises, then the runtime's line for the unhandled exception. */
  fail(logged: string | undefined, errorType: string, raised: string, frames: Frame[]): void {
    if (logged !== undefined) this.write(`[ERROR]\t${new Date(this.now()).toISOString()}\t${this.requestId}\t${logged}`);
    const trace = frames.map((f) => `  File "/var/task/lambda_function.py", line ${f.line}, in ${f.scope}\n    ${f.code}`);
    this.write(`[ERROR] ${errorType}: ${raised}\nTraceback (most recent call last):\n${trace.join('\n')}`);
  }

  end(): void {
    const duration = performance.now() - this.startedAt;
    this.write(`END RequestId: ${this.requestId}`);
    this.write(
      `REPORT RequestId: ${this.requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(duration))} ms\t` +
        'Memory Size: 128 MB\tMax Memory Used: 76 MB\t',
    );
  }

  private write(message: string): void {
    this.log.append(this.group, this.stream, this.now(), `${message}\n`);
  }
}
