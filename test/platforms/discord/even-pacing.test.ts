/** The proxy's even spacing: turns 1/N s apart in call order; an aborted wait gives up its turn only. */
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

  it('rejects a wait whose request is aborted, and keeps the turns after it where they were', async () => {
    const pace = evenPacing(10);
    await pace();
    const aborted = new AbortController();
    const second = pace(aborted.signal);
    const third = pace().then(() => Date.now() - 1_000_000);
    aborted.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await third).toBe(200);
    await expect(pace(aborted.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
