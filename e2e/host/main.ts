import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, stderrSink } from '../../electron/main/core/logger';
import { KeytarCredentialStore } from '../../electron/main/platform/keychain';
import { startHost } from './host';

/**
 * `node --import tsx e2e/host/main.ts --data-dir DIR [--seed-count N] [--providers vault,aws]`: starts the e2e host and prints one JSON
 * line ({ url, port, token }) on stdout; serves until SIGTERM or SIGINT.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: resolve('.keyhole-dev') },
    'renderer-dir': { type: 'string', default: resolve('out/renderer') },
    port: { type: 'string', default: '0' },
    canary: { type: 'string' },
    'seed-count': { type: 'string' },
    /** Comma-separated providers for the sandbox (vault,aws,azure); all three by default. */
    providers: { type: 'string' },
    /** The keychain service name (default KEYCHAIN_SERVICE), so parallel hosts in one keyring keep their own audit heads. */
    'keychain-service': { type: 'string' },
  },
});

const PROVIDERS = ['vault', 'aws', 'azure'] as const;
const providers = values.providers?.split(',').map((name) => {
  const kind = PROVIDERS.find((known) => known === name.trim());
  if (!kind) throw new Error(`--providers: unknown provider ${name}`);
  return kind;
});

const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const logger = createLogger(stderrSink, 'warn');

const host = await startHost({
  dataDir,
  rendererDir: resolve(values['renderer-dir']),
  keychain: new KeytarCredentialStore(values['keychain-service'] ? { service: values['keychain-service'] } : {}),
  logger,
  port: Number(values.port),
  sandbox: {
    ...(values.canary !== undefined ? { canary: values.canary } : {}),
    ...(values['seed-count'] !== undefined ? { seedCount: Number(values['seed-count']) } : {}),
    ...(providers !== undefined ? { providers } : {}),
  },
});

process.stdout.write(`${JSON.stringify({ url: host.url, port: host.port, token: host.token })}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void host.close().finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
