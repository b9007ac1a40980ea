/**
 * Work still running after its ack (a search, a digest being posted). Stopping waits for it,
 * up to a grace period, so a shutdown does not cut a digest off between the post and the
 * ledger write.
 */
export interface InFlight {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves when nothing runs any more, or after `graceMs`; true when everything finished. */
  drain(graceMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    async run(work) {
      const promise = work();
      running.add(promise);
      try {
        return await promise;
      } finally {
        running.delete(promise);
      }
    },
    get size() {
      return running.size;
    },
    async drain(graceMs) {
      if (running.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => { resolve(false); }, graceMs);
      });
      const done = (async () => {
        while (running.size > 0) await Promise.allSettled([...running]);
        return true as const;
      })();
      try {
        return await Promise.race([done, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Turn-taking for acked work. better-sqlite3 is synchronous, so a search holds the event loop
 * for milliseconds; started straight after its ack, twenty concurrent searches would also
 * hold back the next requests' acks. Each caller here resumes in its own macrotask, one per
 * event-loop turn, so incoming requests are read and acked between two searches.
 */
export function createTurns(): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  function pump(): void {
    waiting.shift()?.();
    if (waiting.length > 0) setImmediate(pump);
    else scheduled = false;
  }
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}
