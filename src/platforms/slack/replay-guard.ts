/**
 * Remembers the (timestamp, signature) pairs of accepted Slack requests for as long as their
 * timestamp is fresh, so the same signed request sent twice runs once. Memory is bounded: when
 * full, the oldest pair is forgotten and every timestamp up to its one is refused from then on
 * (a pair that can no longer be checked is never accepted again), which only ever tightens the
 * five-minute window under a flood.
 */
export interface ReplayGuard {
  /** True the first time a fresh pair is seen; false for a repeat or one below the floor. */
  admit(timestampSeconds: number, signature: string, nowSeconds: number): boolean;
  readonly size: number;
}

export function createReplayGuard(options: { windowSeconds: number; max: number }): ReplayGuard {
  /** Insertion order is arrival order, so the oldest entries sit at the front. */
  const seen = new Map<string, number>();
  let floor = -Infinity;

  function forgetExpired(nowSeconds: number): void {
    for (const [key, timestamp] of seen) {
      if (timestamp + options.windowSeconds >= nowSeconds) break;
      seen.delete(key);
    }
  }

  return {
    admit(timestampSeconds, signature, nowSeconds) {
      forgetExpired(nowSeconds);
      if (timestampSeconds <= floor) return false;
      const key = `${timestampSeconds}:${signature}`;
      if (seen.has(key)) return false;
      while (seen.size >= options.max) {
        const oldest = seen.entries().next();
        if (oldest.done === true) break;
        seen.delete(oldest.value[0]);
        floor = Math.max(floor, oldest.value[1]);
      }
      seen.set(key, timestampSeconds);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
