import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { CAPPED_NOTE, createSearchPapers, LIVE_UNREACHABLE_NOTE, PARTIAL_NOTE } from '../../src/core/search/search-papers.js';
import { silentLogger } from '../../src/logger.js';
import { createHfSource } from '../../src/source/hf-source.js';
import { createSqlitePaperStore } from '../../src/store/sqlite/paper-store.js';
import { createSqliteVoteStore } from '../../src/store/sqlite/vote-store.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { loadFixture } from '../support/hf-fixtures.js';
import { fixtureClock, loadFixturePapers, makePaper } from '../support/papers.js';

let hf: HfServer;
beforeEach(async () => {
  hf = await startHfServer();
});
afterEach(async () => {
  await hf.close();
});

async function setup(options: { liveBudgetMs?: number } = {}) {
  const db = openDatabase(':memory:');
  const store = createSqlitePaperStore(db, { clock: fixtureClock });
  await store.upsertPapers(loadFixturePapers());
  const votes = createSqliteVoteStore(db);
  const source = createHfSource({ baseUrl: hf.baseUrl, timeoutMs: 2_000, retries: 0, logger: silentLogger() });
  let now = fixtureClock.now().getTime();
  const clock = { now: () => new Date(now) };
  const search = createSearchPapers({ store, source, clock, votes, settings: { liveBudgetMs: options.liveBudgetMs ?? 1_000, cacheTtlMs: 300_000, minRanked: 50, liveLimit: 20 } });
  const service = { search };
  return { store, service, votes, advance: (ms: number) => (now += ms) };
}

const searchRequests = () => hf.requests.filter((request) => request.url.startsWith('/api/papers/search'));

describe('createSearchPapers', () => {
  it('puts local matches first, appends Hugging Face hits without duplicates, and stores them', async () => {
    const { service, store } = await setup();
    hf.setSearch('llama 3 herd', loadFixture('hf-papers-search_q-llama-3-herd_2025-05.json'));
    const result = await service.search({ text: 'llama 3 herd', page: 0, pageSize: 5 });
    expect(result.hits[0]?.paper.id).toBe('2407.21783');
    expect(result.total).toBeGreaterThanOrEqual(11);
    expect(new Set(result.hits.map((hit) => hit.paper.id)).size).toBe(result.hits.length);
    expect((await store.getPaper('2407.21783'))?.authorCount).toBe(533);
    expect(result.note).toBeUndefined();
  });

  it('deduplicates a paper that both the local index and Hugging Face return', async () => {
    const { service } = await setup();
    hf.setSearch('memory', loadFixture('hf-daily-papers_latest-batch_2026-06-12.json').filter((item) => item.paper.id === '2606.13681'));
    const result = await service.search({ text: 'memory', page: 0, pageSize: 50 });
    expect(result.hits.filter((hit) => hit.paper.id === '2606.13681')).toHaveLength(1);
    expect(result.hits[0]?.paper.id).toBe('2606.13681');
  });

  it('answers from the local index with a note when Hugging Face does not answer in time, and tries again next time', async () => {
    const { service } = await setup({ liveBudgetMs: 150 });
    hf.failNext({ kind: 'hang', ms: 2_000 });
    const slow = await service.search({ text: 'memory', page: 0, pageSize: 5 });
    expect(slow.note).toBe(LIVE_UNREACHABLE_NOTE);
    expect(slow.liveError).toBeDefined();
    expect(slow.hits[0]?.paper.id).toBe('2606.13681');
    await service.search({ text: 'memory', page: 0, pageSize: 5 });
    expect(searchRequests()).toHaveLength(2);
  });

  it('caches a merged answer for a few minutes, so paging costs no request', async () => {
    const { service, advance } = await setup();
    hf.setSearch('memory', []);
    await service.search({ text: 'memory', page: 0, pageSize: 2 });
    const second = await service.search({ text: 'memory', page: 1, pageSize: 2 });
    expect(second.page).toBe(1);
    expect(searchRequests()).toHaveLength(1);
    advance(301_000);
    await service.search({ text: 'memory', page: 0, pageSize: 2 });
    expect(searchRequests()).toHaveLength(2);
  });

  it('keeps filtered queries local, and clamps a page past the end to the last page', async () => {
    const { service } = await setup();
    const result = await service.search({ text: 'memory min:100', page: 99, pageSize: 5 });
    expect(searchRequests()).toHaveLength(0);
    expect(result.hits.map((hit) => hit.paper.id)).toEqual(['2606.13681', '2606.13392']);
    expect(result.page).toBe(0);
  });

  it('attaches community votes to local hits and to papers only Hugging Face returned', async () => {
    const { service, votes } = await setup();
    const at = fixtureClock.now().toISOString();
    await votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'u1', paperId: '2606.13681', at });
    // Voted on when it was posted somewhere, before this archive had it.
    await votes.addVote({ platform: 'slack', workspaceId: 'W1', userId: 'u2', paperId: '2407.21783', at });
    await votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'u3', paperId: '2407.21783', at });
    hf.setSearch('memory', []);
    const local = await service.search({ text: 'memory', page: 0, pageSize: 50 });
    expect(local.hits.find((hit) => hit.paper.id === '2606.13681')?.votes).toBe(1);
    expect(local.hits.filter((hit) => hit.paper.id !== '2606.13681').every((hit) => hit.votes === 0)).toBe(true);
    hf.setSearch('llama 3 herd', loadFixture('hf-papers-search_q-llama-3-herd_2025-05.json'));
    const merged = await service.search({ text: 'llama 3 herd', page: 0, pageSize: 50 });
    expect(merged.hits.find((hit) => hit.paper.id === '2407.21783')?.votes).toBe(2);
    expect(merged.hits.every((hit) => typeof hit.votes === 'number')).toBe(true);
  });

  it('ranks fifty papers but reads in full only the page it shows', async () => {
    const { store } = await setup();
    const read: string[][] = [];
    const counting = { ...store, getPapers: (ids: readonly string[]) => (read.push([...ids]), store.getPapers(ids)) };
    const service = { search: createSearchPapers({ store: counting, clock: fixtureClock, settings: { liveBudgetMs: 1_000, cacheTtlMs: 300_000, minRanked: 50, liveLimit: 20 } }) };
    const first = await service.search({ text: 'memory', page: 0, pageSize: 2 });
    const second = await service.search({ text: 'memory', page: 1, pageSize: 2 });
    expect(first.total).toBeGreaterThan(4);
    expect(read).toEqual([first.hits.map((hit) => hit.paper.id), second.hits.map((hit) => hit.paper.id)]);
    expect(first.hits.map((hit) => hit.paper.id)).toEqual((await store.search(parseSearchQuery('memory', fixtureClock.now()), { limit: 2 })).hits.map((hit) => hit.paper.id));
  });

  it('says when no paper has every word and the results have only some of them', async () => {
    const { service } = await setup();
    hf.setSearch('memory zqxvw', []);
    const result = await service.search({ text: 'memory zqxvw', page: 0, pageSize: 5 });
    expect(result.hits[0]?.paper.id).toBe('2606.13681');
    expect(result.note).toBe(PARTIAL_NOTE);
    hf.setSearch('memory agents', []);
    expect((await service.search({ text: 'memory agents', page: 0, pageSize: 5 })).note).toBeUndefined();
  });

  it('says when a common word matched more papers than were ranked, next to the Hugging Face note', async () => {
    const db = openDatabase(':memory:');
    const store = createSqlitePaperStore(db, { clock: fixtureClock });
    await store.upsertPapers(Array.from({ length: 260 }, (_, i) => makePaper(`2601.${String(10000 + i)}`, { title: `Survey ${String(i)} of models` })));
    const source = createHfSource({ baseUrl: hf.baseUrl, timeoutMs: 2_000, retries: 0, logger: silentLogger() });
    const service = { search: createSearchPapers({ store, source, clock: fixtureClock, settings: { liveBudgetMs: 1_000, cacheTtlMs: 300_000, minRanked: 50, liveLimit: 20 } }) };
    hf.failNext({ kind: 'status', status: 503 });
    const result = await service.search({ text: 'models', page: 0, pageSize: 5 });
    expect(result.hits).toHaveLength(5);
    expect(result.note).toBe(`${LIVE_UNREACHABLE_NOTE} ${CAPPED_NOTE}`);
  });

  it('returns an empty page for an empty query without asking anyone', async () => {
    const { service } = await setup();
    expect(await service.search({ text: '  🙂 ', page: 0, pageSize: 5 })).toMatchObject({ hits: [], total: 0, pageCount: 0 });
    expect(hf.requests).toHaveLength(0);
  });
});

describe('looking a paper up by arXiv id or link', () => {
  const paper = () => loadFixture('hf-daily-papers_2026-07-31_5-items.json')[0]!.paper as { id: string };

  it.each([
    '2606.13681', '2606.13681v2', 'https://arxiv.org/abs/2606.13681', 'https://arxiv.org/pdf/2606.13681v1', 'https://huggingface.co/papers/2606.13681',
  ])('shows exactly the archived paper first for %s, without asking Hugging Face', async (text) => {
    const { service } = await setup();
    const result = await service.search({ text, page: 0, pageSize: 5 });
    expect(result.hits.map((hit) => hit.paper.id)).toEqual(['2606.13681']);
    expect(result.lookup).toEqual({ id: '2606.13681', status: 'found' });
    expect(result.note).toBeUndefined();
    expect(hf.requests).toEqual([]);
  });

  it('fetches a paper the archive lacks from Hugging Face, stores it, and searches the other words after it', async () => {
    const { service, store } = await setup();
    const raw = paper();
    hf.setPaper(raw.id, raw);
    const result = await service.search({ text: `https://huggingface.co/papers/${raw.id} memory`, page: 0, pageSize: 5 });
    expect(result.hits[0]?.paper.id).toBe(raw.id);
    expect(result.hits.slice(1).map((hit) => hit.paper.id)).toContain('2606.13681');
    expect(hf.requests.map((request) => request.url)).toContain(`/api/papers/${raw.id}`);
    expect((await store.getPaper(raw.id))?.id).toBe(raw.id);
  });

  it('says clearly when Hugging Face has no such paper, and when it does not answer', async () => {
    const { service } = await setup();
    const missing = await service.search({ text: '2699.99999', page: 0, pageSize: 5 });
    expect(missing).toMatchObject({ hits: [], total: 0, lookup: { id: '2699.99999', status: 'not_found' } });
    expect(missing.note).toMatch(/Hugging Face has no paper 2699\.99999/u);
    hf.failNext({ kind: 'status', status: 500 });
    const down = await service.search({ text: 'arXiv:2699.99998', page: 0, pageSize: 5 });
    expect(down.lookup?.status).toBe('unavailable');
    expect(down.note).toMatch(/did not answer/u);
  });

  it('looks only in the archive without a live source (the command line)', async () => {
    const db = openDatabase(':memory:');
    const store = createSqlitePaperStore(db, { clock: fixtureClock });
    await store.upsertPapers(loadFixturePapers());
    const search = createSearchPapers({ store, clock: fixtureClock, settings: { liveBudgetMs: 0, cacheTtlMs: 0, liveLimit: 0, minRanked: 0 } });
    expect((await search({ text: 'https://arxiv.org/abs/2606.13681v4', page: 0, pageSize: 5 })).hits.map((hit) => hit.paper.id)).toEqual(['2606.13681']);
    const missing = await search({ text: '2699.99999', page: 0, pageSize: 5 });
    expect(missing.note).toBe('Paper 2699.99999 is not in the local archive.');
    db.close();
  });
});
