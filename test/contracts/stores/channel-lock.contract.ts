/**
 * The ChannelLock contract: work for one key runs one at a time, work for different keys does
 * not wait, and work that fails frees its key.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ChannelLock } from '../../../src/core/ports.js';
import { useStores, type StoreAdapter } from './adapter.js';

/**
 * Work under `lock` that takes a moment, as posting does, counting how many run at once. Work
 * that expects `together` pieces to run at once waits up to a second for the others to start,
 * so a lock that takes a database round trip to grant is not mistaken for one that serialises.
 */
function overlapMeter(lock: ChannelLock) {
  let running = 0;
  const meter = {
    most: 0,
    run: (key: string, name: string, together = 1) =>
      lock.run(key, async () => {
        running += 1;
        meter.most = Math.max(meter.most, running);
        for (let waited = 0; running < together && waited < 1000; waited += 5) await wait(5);
        await wait(5);
        running -= 1;
        return name;
      }),
  };
  return meter;
}

export function describeChannelLockContract(adapter: StoreAdapter): void {
  describe(`ChannelLock on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('runs work for one key one at a time, and hands each its own result', async () => {
      const meter = overlapMeter(test().stores.channelLock);
      expect(await Promise.all(['a', 'b', 'c', 'd'].map((name) => meter.run('discord:G1:C1', name)))).toEqual(['a', 'b', 'c', 'd']);
      expect(meter.most).toBe(1);
    });

    it('runs work for different keys at the same time', async () => {
      const meter = overlapMeter(test().stores.channelLock);
      await Promise.all([meter.run('discord:G1:C1', 'a', 3), meter.run('slack:T1:C1', 'b', 3), meter.run('discord:G1:C2', 'c', 3)]);
      expect(meter.most).toBe(3);
    });

    it('hands back what failing work threw and frees the key for the next work', async () => {
      const lock = test().stores.channelLock;
      const failing = lock.run('discord:G1:C1', () => Promise.reject(new Error('channel gone')));
      const next = lock.run('discord:G1:C1', () => Promise.resolve('posted'));
      await expect(failing).rejects.toThrow('channel gone');
      await expect(next).resolves.toBe('posted');
      await expect(lock.run('discord:G1:C1', () => Promise.resolve(42))).resolves.toBe(42);
    });

    it('frees the key when work throws before it returns a promise', async () => {
      const lock = test().stores.channelLock;
      const broken = lock.run('discord:G1:C1', (): Promise<string> => {
        throw new Error('bad input');
      });
      await expect(broken).rejects.toThrow('bad input');
      await expect(lock.run('discord:G1:C1', () => Promise.resolve('after'))).resolves.toBe('after');
    });
  });
}
