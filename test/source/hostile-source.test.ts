/**
 * What Hugging Face (or something pretending to be it) can do to us: a body too large to read,
 * fields of any length, and a flood of live searches competing with a digest for the request
 * budget.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAPER_LIMITS } from '../../src/core/paper.js';
import { silentLogger } from '../../src/logger.js';
import { createHfSource } from '../../src/source/hf-source.js';
import { BudgetExhaustedError, createRequestBudget } from '../../src/source/request-budget.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';

let hf: HfServer;
beforeEach(async () => {
  hf = await startHfServer();
});
afterEach(async () => {
  await hf.close();
});

const source = (requestBudget?: { requests: number; windowMs: number; burst: number }, maxResponseBytes?: number) =>
  createHfSource({ baseUrl: hf.baseUrl, timeoutMs: 5_000, retries: 2, logger: silentLogger(), maxResponseBytes, ...(requestBudget ? { requestBudget } : {}) });

describe('hostile Hugging Face responses', () => {
  it('refuses a body over the byte cap without retrying it', async () => {
    const [item] = loadFixture(FIXTURES.day0612);
    const paper = item?.paper as Record<string, unknown>;
    hf.setDay('2026-06-12', [{ ...(item as object), paper: { ...paper, summary: 'x'.repeat(200_000) } }]);
    const error = await source(undefined, 100_000).fetchDay('2026-06-12').catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'source_bad_response' });
    expect((error as Error).message).toContain('more than');
    expect(hf.requests.filter((request) => request.url.includes('daily_papers'))).toHaveLength(1);
  });

  it('cuts every field to the store\'s limits before a paper leaves the source, keeping the real author count', async () => {
    const [item] = loadFixture(FIXTURES.day0612);
    const paper = item?.paper as Record<string, unknown>;
    hf.setDay('2026-06-12', [{
      ...item,
      title: 'T'.repeat(50_000),
      paper: {
        ...paper,
        title: 'T'.repeat(50_000),
        summary: 'A '.repeat(12_000),
        ai_summary: 'S'.repeat(10_000),
        authors: Array.from({ length: 5_000 }, (_, i) => ({ name: `${'N'.repeat(300)}${i}` })),
        ai_keywords: Array.from({ length: 500 }, (_, i) => `k${i}${'w'.repeat(500)}`),
        githubRepo: `https://github.com/${'a'.repeat(5_000)}`,
        organization: { name: 'o'.repeat(5_000) },
      },
    }]);
    const [got] = (await source().fetchDay('2026-06-12')).papers;
    expect(got).toBeDefined();
    expect(got?.title.length).toBe(PAPER_LIMITS.title);
    expect(got?.abstract.length).toBeLessThanOrEqual(PAPER_LIMITS.abstract);
    expect(got?.aiSummary?.length).toBe(PAPER_LIMITS.aiSummary);
    expect(got?.authors).toHaveLength(PAPER_LIMITS.authors);
    expect(got?.authorCount).toBe(5_000);
    expect(Math.max(...(got?.authors ?? []).map((name) => name.length))).toBeLessThanOrEqual(PAPER_LIMITS.authorName);
    expect(got?.keywords.length).toBeLessThanOrEqual(PAPER_LIMITS.keywords);
    expect(got?.githubRepo).toBeUndefined();
    expect(got?.organization?.name.length).toBe(PAPER_LIMITS.organization);
  });
});

describe('request budget priority', () => {
  it('never lets live searches take the reserve, so a digest fetch after any number of searches goes out at once', async () => {
    let now = 0;
    const waits: number[] = [];
    const budget = createRequestBudget({ requests: 60, windowMs: 60_000, burst: 10 }, {
      now: () => now,
      sleep: (ms) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
    let searched = 0;
    let refused = 0;
    for (let i = 0; i < 1_000; i++) {
      try {
        await budget.take(undefined, 'live');
        searched += 1;
      } catch (error) {
        expect(error).toBeInstanceOf(BudgetExhaustedError);
        refused += 1;
      }
    }
    expect(searched).toBe(5);
    expect(refused).toBe(995);
    for (let i = 0; i < 5; i++) await budget.take(undefined, 'scheduled');
    expect(waits).toEqual([]);
  });

  it('turns an exhausted budget into a failed live search at once, while a day fetch still goes out', async () => {
    hf.setDay('2026-06-12', loadFixture(FIXTURES.day0612));
    const limited = source({ requests: 20, windowMs: 300_000, burst: 4 });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => limited.search(`memory ${i}`, 5)));
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').length).toBeGreaterThanOrEqual(4);
    // Without the reserve this would wait behind the searches' tokens (about 19 s each here).
    expect((await limited.fetchDay('2026-06-12')).papers.length).toBeGreaterThan(0);
  });
});
