/**
 * A child of `npm run bench`: the host's RSS with one environment of about 100,000 secrets listed.
 * The sandbox runs in its own process (`npm run sandbox`), so this process holds only what the
 * app's main process holds: Core, the AWS adapter and the inventory job, whose pages are
 * serialised once (as IPC would) and dropped. Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AwsSandboxInfo } from '../electron/main/sandbox/aws';
import { buildBenchCore } from './bench-core';

const seedCount = Number(process.argv[2] ?? 104_600);
const cli = fileURLToPath(new URL('../electron/main/sandbox/cli.ts', import.meta.url));
const sandbox = spawn(process.execPath, ['--import', 'tsx', cli, '--providers', 'aws', '--seed', String(seedCount)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: sandbox.stdout });
const first = await new Promise<string>((resolve, reject) => {
  lines.once('line', resolve);
  sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
});
const info = (JSON.parse(first) as { aws: AwsSandboxInfo }).aws;
const dir = mkdtempSync(join(tmpdir(), 'keyhole-bench-memory-'));
try {
  const rssBefore = process.memoryUsage().rss;
  const bench = await buildBenchCore(
    dir,
    [
      {
        connection: {
          name: 'Bench AWS',
          config: { kind: 'aws', region: info.region, endpoint: info.endpoint, auth: { method: 'keys', accessKeyId: info.accessKeyId } },
          secrets: { secretAccessKey: info.secretAccessKey },
        },
        environments: [{ name: 'production', scope: { kind: 'aws', region: info.region, prefix: info.prefixes.production }, protected: false }],
      },
    ],
    false,
  );
  const id = bench.environments.get('aws:production') ?? '';
  const started = performance.now();
  const job = await bench.finished(bench.core.inventory.load(id));
  const ms = performance.now() - started;
  const rssAfter = process.memoryUsage().rss;
  process.stdout.write(
    `${JSON.stringify({ listed: job.done, state: job.state, ms, rssBeforeCore: rssBefore, rss: rssAfter, peakRss: process.resourceUsage().maxRSS * 1024, heapUsed: process.memoryUsage().heapUsed })}\n`,
  );
  await bench.close();
} finally {
  sandbox.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
