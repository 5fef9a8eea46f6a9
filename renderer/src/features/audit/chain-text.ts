import type { ChainProblem, ChainReport } from '../../../../shared/audit';

/** The first broken link, in plain words. */
export function problemText(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'edited':
      return `Event ${problem.seq} no longer hashes to the value recorded for it: it was changed after it was written.`;
    case 'broken-link':
      return `Event ${problem.seq} does not name the hash of the event before it: an event was inserted, removed or moved there.`;
    case 'gap':
      return `Event ${problem.expected} is missing: the chain jumps to ${problem.seq}.`;
    case 'head-missing':
      return 'The newest (sequence, hash) kept in the OS keychain is missing, so a log cut short or rolled back could not be ruled out.';
    case 'truncated-or-rolled-back':
      return `The keychain names event ${problem.keychainSeq} as the newest, but the log ends at ${problem.fileSeq}: the log was cut short or put back to an earlier copy.`;
    case 'head-mismatch':
      return `Event ${problem.seq} differs from the one whose hash the OS keychain keeps.`;
    case 'anchor-unconfirmed':
      return `Events up to ${problem.throughSeq} were removed, but no chained retention event confirms that removal.`;
  }
}

/** One line for the chain's state. */
export function reportSummary(report: ChainReport): string {
  const span = report.events === 0 ? 'no events' : `${report.events.toLocaleString()} events, ${report.firstSeq}–${report.lastSeq}`;
  const anchor = report.anchor ? `, after ${report.anchor.throughSeq} removed by retention` : '';
  return report.ok ? `Chain intact (${span}${anchor})` : `Chain broken (checked ${span}${anchor})`;
}
