/**
 * The ChannelLock of a single process: work for one channel runs one at a time, in arrival
 * order. Enough for the embedded SQLite store, which one process owns; several instances
 * sharing a database need a lock the database holds.
 */
import type { ChannelLock } from '../core/ports.js';

export function createInProcessChannelLock(): ChannelLock {
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
