/** The proxy's even spacing: turns 1/N s apart in call order, never more than N in any second. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evenPacing } from '../../../src/platforms/discord/even-pacing.js';

beforeEach(() => { vi.useFakeTimers({ now: 1_000_000 }); });
afterEach(() => { vi.useRealTimers(); });

describe('evenPacing', () => {
  it('hands out turns 1/N of a second apart, the first at once', async () => {
    const pace = evenPacing(10);
    const started: number[] = [];
    const turns = [0, 1, 2, 3].map(() => pace().then(() => { started.push(Date.now() - 1_000_000); }));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(turns);
    expect(started).toEqual([0, 100, 200, 300]);
    // After a quiet spell the next request goes at once again, without a burst of saved-up turns.
    await vi.advanceTimersByTimeAsync(5000);
    const later: number[] = [];
    const after = [0, 1].map(() => pace().then(() => { later.push(Date.now() - 1_006_000); }));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(after);
    expect(later).toEqual([0, 100]);
  });

  it('never lets a request go before its turn when the wait is a fraction of a millisecond', async () => {
    const pace = evenPacing(48);
    const started: number[] = [];
    const turns = Array.from({ length: 4 }, () => pace().then(() => { started.push(Date.now() - 1_000_000); }));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(turns);
    started.forEach((at, i) => { expect(at).toBeGreaterThanOrEqual((i * 1000) / 48); });
  });

  it('rejects a wait whose request is aborted and gives its turn to the next one', async () => {
    const pace = evenPacing(10);
    await pace();
    const aborted = new AbortController();
    const second = pace(aborted.signal);
    const third = pace().then(() => Date.now() - 1_000_000);
    aborted.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await third).toBe(100);
    await expect(pace(aborted.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps to N in any second when one turn goes late and the schedule catches up', async () => {
    let late = 0;
    const clock = (): number => Date.now() - 1_000_000 + late;
    const pace = evenPacing(4, clock);
    const sent: number[] = [];
    const turns = Array.from({ length: 8 }, () => pace().then(() => { sent.push(clock()); }));
    // The second turn (due at 250) fires 200 ms late, as after a pause of the event loop.
    await vi.advanceTimersByTimeAsync(249);
    late = 200;
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(turns);
    expect(sent.slice(0, 5)).toEqual([0, 450, 500, 750, 1000]);
    const mostInOneSecond = Math.max(...sent.map((start) => sent.filter((at) => at >= start && at < start + 1000).length));
    expect(mostInOneSecond).toBe(4);
  });
});
