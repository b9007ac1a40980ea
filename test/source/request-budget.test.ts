import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createHfSource, requestBudgetFor } from '../../src/source/hf-source.js';
import { createRequestBudget, DEFAULT_REQUEST_BUDGET, HF_REQUEST_LIMIT, isLoopbackUrl } from '../../src/source/request-budget.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';

/** A clock that only moves when the budget sleeps, so every wait is exact and instant. */
function fakeTime() {
  let now = 0;
  const sends: number[] = [];
  const waits: number[] = [];
  return {
    sends,
    waits,
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal): Promise<void> => {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
    send: () => sends.push(now),
    advance: (ms: number) => (now += ms),
  };
}

describe('createRequestBudget', () => {
  it('lets a burst through at once, then paces requests evenly', async () => {
    const time = fakeTime();
    const budget = createRequestBudget({ requests: 30, windowMs: 60_000, burst: 5 }, time);
    for (let i = 0; i < 8; i += 1) {
      await budget.take();
      time.send();
    }
    expect(time.sends.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // 25 more per minute: one every 2.4 s.
    expect(time.sends.slice(5)).toEqual([2400, 4800, 7200]);
  });

  it('never sends more than `requests` in any window, however hard it is pushed', async () => {
    const time = fakeTime();
    const budget = createRequestBudget({ requests: 50, windowMs: 10_000, burst: 20 }, time);
    for (let i = 0; i < 400; i += 1) {
      await budget.take();
      time.send();
      if (i % 37 === 0) time.advance(3_000);
    }
    for (const start of time.sends) {
      expect(time.sends.filter((at) => at >= start && at < start + 10_000).length).toBeLessThanOrEqual(50);
    }
  });

  it('refills while idle, up to the burst', async () => {
    const time = fakeTime();
    const budget = createRequestBudget({ requests: 12, windowMs: 10_000, burst: 2 }, time);
    for (let i = 0; i < 4; i += 1) await budget.take();
    time.advance(60_000);
    const before = time.waits.length;
    await budget.take();
    await budget.take();
    expect(time.waits.length).toBe(before);
    await budget.take();
    expect(time.waits.length).toBe(before + 1);
  });

  it('hands the token back when the caller gives up waiting', async () => {
    const time = fakeTime();
    const budget = createRequestBudget({ requests: 2, windowMs: 10_000, burst: 1 }, time);
    await budget.take();
    const gaveUp = new AbortController();
    gaveUp.abort(new Error('search budget spent'));
    await expect(budget.take(gaveUp.signal)).rejects.toThrow('search budget spent');
    await budget.take();
    expect(time.waits).toEqual([10_000]);
  });
});

describe('requestBudgetFor', () => {
  it('paces huggingface.co by default, leaves a loopback fake alone, and never exceeds HF’s limit', () => {
    expect(requestBudgetFor({ baseUrl: 'https://huggingface.co' })).toEqual(DEFAULT_REQUEST_BUDGET);
    expect(requestBudgetFor({ baseUrl: 'http://127.0.0.1:4567' })).toBeUndefined();
    expect(requestBudgetFor({ baseUrl: 'http://[::1]:80/' })).toBeUndefined();
    expect(requestBudgetFor({ baseUrl: 'https://huggingface.co', requestBudget: 'off' })).toBeUndefined();
    expect(requestBudgetFor({ baseUrl: 'http://localhost', requestBudget: { requests: 5, windowMs: 10_000 } })).toEqual({ requests: 5, windowMs: 10_000 });
    expect(requestBudgetFor({ baseUrl: 'https://huggingface.co', requestBudget: { requests: 9000, windowMs: 60_000 } })).toMatchObject(HF_REQUEST_LIMIT);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});

describe('an HfSource with a budget', () => {
  let hf: HfServer;
  beforeEach(async () => {
    hf = await startHfServer();
  });
  afterEach(async () => {
    await hf.close();
  });

  it('waits for its budget before every request, retries included', async () => {
    const time = fakeTime();
    hf.setDay('2026-06-12', loadFixture(FIXTURES.day0612));
    const source = createHfSource({
      baseUrl: hf.baseUrl,
      timeoutMs: 2_000,
      retries: 2,
      logger: silentLogger(),
      sleep: time.sleep,
      now: time.now,
      requestBudget: { requests: 3, windowMs: 9_000, burst: 1 },
    });
    hf.failNext({ kind: 'status', status: 500 }, 1);
    await source.fetchDay('2026-06-12');
    await source.fetchDay('2026-06-12');
    expect(hf.requests).toHaveLength(3);
    // The first request is the burst; then 2 per 9 s, i.e. 4.5 s apart (the retry backoff sleeps too).
    expect(time.waits.filter((ms) => ms >= 4_000)).toHaveLength(2);
  });
});
