import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/core/errors.js';
import type { PaperSource } from '../../src/core/ports.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { createHfSource, hfSearchQuery, type HfSourceOptions } from '../../src/source/hf-source.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { FIXTURES, legacySearchItem, loadFixture, syntheticDay } from '../support/hf-fixtures.js';
import { captureLog } from '../support/log-capture.js';

let hf: HfServer;
let sleeps: number[];

beforeEach(async () => {
  hf = await startHfServer();
  sleeps = [];
});

afterEach(async () => {
  await hf.close();
});

function source(overrides: Partial<HfSourceOptions> & { logger?: Logger } = {}): PaperSource {
  return createHfSource({
    baseUrl: hf.baseUrl,
    timeoutMs: 2_000,
    retries: 2,
    logger: silentLogger(),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

const query = (index: number): URLSearchParams => new URL(hf.requests[index]!.url, hf.baseUrl).searchParams;
const pathOf = (index: number): string => new URL(hf.requests[index]!.url, hf.baseUrl).pathname;

describe('fetchDay', () => {
  it('fetches a day in one page and sorts it by upvotes', async () => {
    hf.setDay('2026-06-12', loadFixture(FIXTURES.day0612));
    const batch = await source().fetchDay('2026-06-12');
    expect(batch.day).toBe('2026-06-12');
    expect(batch.papers).toHaveLength(30);
    expect(batch.skipped).toEqual([]);
    expect(batch.papers.slice(0, 3).map((paper) => [paper.id, paper.upvotes])).toEqual([
      ['2606.13681', 118],
      ['2606.13392', 103],
      ['2606.08063', 74],
    ]);
    const upvotes = batch.papers.map((paper) => paper.upvotes);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    expect(hf.requests).toHaveLength(1);
    expect(pathOf(0)).toBe('/api/daily_papers');
    expect(Object.fromEntries(query(0))).toEqual({ date: '2026-06-12', limit: '100', p: '0' });
  });

  it('follows Link rel="next" across three pages', async () => {
    hf.setDay('2026-06-13', syntheticDay(25));
    const batch = await source({ pageSize: 10 }).fetchDay('2026-06-13');
    expect(batch.papers).toHaveLength(25);
    expect(hf.requests.map((_, index) => query(index).get('p'))).toEqual(['0', '1', '2']);
    expect(hf.requests.map((_, index) => query(index).get('limit'))).toEqual(['10', '10', '10']);
    expect(batch.papers[0]?.upvotes).toBe(24);
  });

  it('keeps paging while pages come back full without Link, and stops on an empty page', async () => {
    hf.setDay('2026-06-13', syntheticDay(20), { linkHeader: false });
    const batch = await source({ pageSize: 10 }).fetchDay('2026-06-13');
    expect(batch.papers).toHaveLength(20);
    expect(hf.requests).toHaveLength(3);
  });

  it('stops after a short page without Link', async () => {
    hf.setDay('2026-06-13', syntheticDay(7), { linkHeader: false });
    await source({ pageSize: 10 }).fetchDay('2026-06-13');
    expect(hf.requests).toHaveLength(1);
  });

  it('stops at the page cap and says so', async () => {
    const log = captureLog();
    hf.setDay('2026-06-13', syntheticDay(50));
    const batch = await source({ pageSize: 10, maxPages: 2, logger: log.logger }).fetchDay('2026-06-13');
    expect(batch.papers).toHaveLength(20);
    expect(hf.requests).toHaveLength(2);
    expect(log.text()).toContain('page cap');
  });

  it('returns an empty batch for a day without papers', async () => {
    expect(await source().fetchDay('2026-06-14')).toEqual({ day: '2026-06-14', papers: [], skipped: [] });
    expect(hf.requests).toHaveLength(1);
  });

  it('dedupes a paper that appears on two pages, keeping the higher upvotes', async () => {
    const items = syntheticDay(12);
    const repeat = structuredClone(items[0]!);
    repeat.paper.upvotes = 99;
    hf.setDay('2026-06-13', [...items, repeat]);
    const batch = await source({ pageSize: 10 }).fetchDay('2026-06-13');
    expect(batch.papers).toHaveLength(12);
    expect(batch.papers[0]).toMatchObject({ id: '2606.90000', upvotes: 99 });
  });

  it('skips an item without paper.id, logs it with day and index, and keeps the rest', async () => {
    const log = captureLog();
    const items = loadFixture(FIXTURES.day0731);
    delete items[2]!.paper.id;
    hf.setDay('2026-07-31', items);
    const batch = await source({ logger: log.logger }).fetchDay('2026-07-31');
    expect(batch.papers).toHaveLength(4);
    expect(batch.skipped).toMatchObject([{ index: 2 }]);
    const warning = log.entries().find((entry) => entry.msg === 'skipped Hugging Face item');
    expect(warning).toMatchObject({ level: 40, day: '2026-07-31', index: 2 });
    expect(String(warning?.reason)).toMatch(/^paper\.id: /u);
  });

  it('recovers from a 500 and a 429 in the middle of paging', async () => {
    hf.setDay('2026-06-13', syntheticDay(15));
    hf.failNext({ kind: 'status', status: 500 });
    hf.failNext({ kind: 'rate-limit', resetSeconds: 1 });
    const batch = await source({ pageSize: 10 }).fetchDay('2026-06-13');
    expect(batch.papers).toHaveLength(15);
    expect(hf.requests.map((_, index) => query(index).get('p'))).toEqual(['0', '0', '0', '1']);
    expect(sleeps[1]).toBe(1_000);
  });

  it('throws SourceBadResponse when a page is not an array', async () => {
    hf.failNext({ kind: 'body', body: '{"error":"maintenance"}' });
    await expect(source().fetchDay('2026-06-13')).rejects.toMatchObject({ code: ErrorCode.SourceBadResponse });
  });

  it.each(['2026-02-30', '2026-6-1', 'today', ''])('rejects the day %j as InputInvalid without a request', async (day) => {
    await expect(source().fetchDay(day)).rejects.toMatchObject({ code: ErrorCode.InputInvalid });
    expect(hf.requests).toHaveLength(0);
  });

  it('tolerates a trailing slash on the base URL', async () => {
    hf.setDay('2026-07-31', loadFixture(FIXTURES.day0731));
    const batch = await source({ baseUrl: `${hf.baseUrl}//` }).fetchDay('2026-07-31');
    expect(batch.papers).toHaveLength(5);
    expect(pathOf(0)).toBe('/api/daily_papers');
  });

  it('sends the User-Agent and token it was given', async () => {
    await source({ token: 'hf_abc', userAgent: 'Paperboy/1.2.3 (+https://github.com/paperboy-bot/paperboy)' }).fetchDay(
      '2026-06-14',
    );
    expect(hf.requests[0]?.headers).toMatchObject({
      'user-agent': 'Paperboy/1.2.3 (+https://github.com/paperboy-bot/paperboy)',
      authorization: 'Bearer hf_abc',
    });
  });
});

describe('search', () => {
  it('returns hits in Hugging Face order', async () => {
    const raw = loadFixture(FIXTURES.searchLlama);
    hf.setSearch('llama 3 herd', raw);
    const batch = await source().search('  llama 3 herd ', 20);
    expect(batch.papers.map((paper) => paper.id)).toEqual(raw.map((item) => item.paper.id));
    expect(pathOf(0)).toBe('/api/papers/search');
    expect(Object.fromEntries(query(0))).toEqual({ q: 'llama 3 herd', limit: '20' });
  });

  it('reads 2024-shaped hits', async () => {
    hf.setSearch('contextcite', [legacySearchItem()]);
    const batch = await source().search('contextcite', 5);
    expect(batch.papers.map((paper) => paper.title)).toEqual(['ContextCite: Attributing Model Generation to Context']);
  });

  it.each([
    [0, '1'],
    [-5, '1'],
    [7.9, '7'],
    [120, '120'],
    [500, '120'],
    [Number.NaN, '1'],
  ])('clamps limit %d to %s', async (limit, sent) => {
    await source().search('kazakh', limit);
    expect(query(0).get('limit')).toBe(sent);
  });

  it('caps the query at 250 characters', async () => {
    await source().search('a'.repeat(300), 10);
    expect(query(0).get('q')).toBe('a'.repeat(250));
  });

  it('does not split an emoji at the cap', () => {
    const capped = hfSearchQuery(`${'a'.repeat(249)}😀`);
    expect(capped).toBe('a'.repeat(249));
  });

  it('makes no request for a blank query', async () => {
    expect(await source().search('   ', 10)).toEqual({ papers: [], skipped: [] });
    expect(hf.requests).toHaveLength(0);
  });
});

describe('getPaper', () => {
  const detail = (): Record<string, unknown> => ({
    ...loadFixture(FIXTURES.day0612).find((item) => item.paper.id === '2606.13681')!.paper,
    linkedModels: [],
    numTotalModels: 0,
  });

  it('returns one paper from /api/papers/{id}, without the version', async () => {
    hf.setPaper('2606.13681', detail());
    const paper = await source().getPaper('2606.13681v2');
    expect(paper).toMatchObject({ id: '2606.13681', upvotes: 118, papersDay: '2026-06-12' });
    expect(pathOf(0)).toBe('/api/papers/2606.13681');
  });

  it('returns undefined for a paper Hugging Face has not indexed (404)', async () => {
    expect(await source().getPaper('2601.00001')).toBeUndefined();
    expect(hf.requests).toHaveLength(1);
  });

  it('returns undefined for a withdrawn paper', async () => {
    hf.setPaper('2606.13681', { ...detail(), withdrawnAt: '2026-06-20T00:00:00.000Z' });
    expect(await source().getPaper('2606.13681')).toBeUndefined();
  });

  it('throws SourceBadResponse for an unusable body', async () => {
    hf.setPaper('2606.13681', { title: 'no id' });
    await expect(source().getPaper('2606.13681')).rejects.toMatchObject({ code: ErrorCode.SourceBadResponse });
  });

  it('rejects an id that is not an arXiv id without a request', async () => {
    await expect(source().getPaper('../../etc/passwd')).rejects.toMatchObject({ code: ErrorCode.InputInvalid });
    expect(hf.requests).toHaveLength(0);
  });
});
