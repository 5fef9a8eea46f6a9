/** A failed or refused event, for burst detection. */
export interface FailurePoint {
  seq: number;
  timeMs: number;
}

/**
 * Groups one actor's failures (sorted by time) into bursts: runs where at least `threshold` of
 * them fall within `windowMs` of each other. An event is in a burst when some window of that
 * length holds it and `threshold - 1` others; overlapping windows merge into one burst. Returns
 * the bursts as index ranges [first, last] into `points`.
 */
export function findBursts(points: readonly FailurePoint[], threshold: number, windowMs: number): Array<[number, number]> {
  const bursts: Array<[number, number]> = [];
  let left = 0;
  for (let right = 0; right < points.length; right += 1) {
    while (points[right]!.timeMs - points[left]!.timeMs > windowMs) left += 1;
    if (right - left + 1 < threshold) continue;
    const current = bursts[bursts.length - 1];
    if (current && left <= current[1]) current[1] = right;
    else bursts.push([left, right]);
  }
  return bursts;
}
