import { describe, expect, it } from 'vitest';
import { createTurns } from '../../../src/platforms/common/turns.js';

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createTurns', () => {
  it('hands out one turn per event-loop turn, in order', async () => {
    const turns = createTurns();
    const order: string[] = [];
    const all = ['a', 'b', 'c'].map(async (name) => {
      await turns.take();
      order.push(name);
    });
    await immediate();
    expect(order).toEqual(['a']);
    await immediate();
    expect(order).toEqual(['a', 'b']);
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('holds turns while a command waits for its first answer, and no longer than maxHoldMs', async () => {
    let busy = true;
    const turns = createTurns({ busy: () => busy, maxHoldMs: 10_000 });
    let started = false;
    const taken = turns.take().then(() => { started = true; });
    for (let i = 0; i < 5; i++) await immediate();
    expect(started).toBe(false);
    busy = false;
    await taken;
    expect(started).toBe(true);

    const stuck = createTurns({ busy: () => true, maxHoldMs: 5 });
    await stuck.take();
  });
});
