/**
 * Runs work for one channel at a time within this process, so two `/paperboy today` commands, or
 * a command racing the scheduler (src/main.ts gives both the same lock), cannot both post the
 * same digest: the second finds the first one's posts in the ledger.
 */
export interface ChannelLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createChannelLock(): ChannelLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run(key, work) {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.then(work, work);
      const tail = current.catch(() => undefined);
      tails.set(key, tail);
      try {
        return await current;
      } finally {
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}
