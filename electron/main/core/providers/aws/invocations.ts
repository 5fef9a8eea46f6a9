/**
 * One rotation function often rotates many secrets, and its log interleaves their invocations.
 * Lines are grouped into invocations (the request id a runtime line carries, else the START line
 * of its log stream, which runs one invocation at a time) and an invocation that names another
 * secret's ARN, and never this one's, is left out. The text is only looked at here, never kept.
 */
export interface LogLine {
  stream: string;
  at: number;
  message: string;
}

const START = /^START RequestId: ([A-Za-z0-9-]+)/;
const RUNTIME_REQUEST_ID = /^(?:\[[A-Z]+\]\t[^\t]*|\d{4}-\d\d-\d\dT[^\t]*)\t([A-Za-z0-9-]{8,64})\t/;
const SECRET_ARN = /arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:/;

export function linesOfSecret(lines: LogLine[], awsName: string): LogLine[] {
  const own = `:secret:${awsName}-`;
  const current = new Map<string, string>();
  const keyed = lines.map((line) => {
    const started = START.exec(line.message)?.[1];
    if (started !== undefined) current.set(line.stream, started);
    const id = RUNTIME_REQUEST_ID.exec(line.message)?.[1] ?? current.get(line.stream) ?? '';
    return { line, key: `${line.stream}\n${id}` };
  });
  const ours = new Set<string>();
  const others = new Set<string>();
  for (const { line, key } of keyed) {
    if (line.message.includes(own)) ours.add(key);
    else if (SECRET_ARN.test(line.message)) others.add(key);
  }
  return keyed.filter(({ key }) => ours.has(key) || !others.has(key)).map(({ line }) => line);
}
