import { ELECTRON_SKIP_REASON, electronBinary } from './fixtures';

/** Says once, up front, why the electron project's specs will report themselves skipped. */
export default function globalSetup(): void {
  if (electronBinary() === null) process.stdout.write(`e2e: the electron project is skipped: ${ELECTRON_SKIP_REASON}\n`);
}
