/**
 * Work still running after its ack (a search, a digest being posted), on either platform.
 * Stopping waits for it, up to a grace period, so a shutdown does not cut a digest off between
 * the post and the ledger write.
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
