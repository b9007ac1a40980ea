/**
 * The PaperStore contract, search side: what `/papers` and autocomplete rely on from any engine.
 * How an engine ranks within a result (its scoring) is its own and tested beside it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../../src/core/ports.js';
import { parseSearchQuery, type SearchQuery } from '../../../src/core/search/query.js';
import { fixtureClock, loadFixturePapers } from '../../support/papers.js';
import { useStores, type StoreAdapter } from './adapter.js';

const fixture = loadFixturePapers();
const parse = (text: string): SearchQuery => parseSearchQuery(text, fixtureClock.now());
const rawQuery = (fields: Partial<SearchQuery>): SearchQuery => ({ text: '', terms: [], phrases: [], authors: [], orgs: [], prefixLast: false, ...fields });

export function describePaperSearchContract(adapter: StoreAdapter): void {
  describe(`PaperStore search on ${adapter.name}`, () => {
    const test = useStores(adapter, { clock: fixtureClock });
    let stores: Stores;
    beforeEach(async () => {
      stores = test().stores;
      await stores.papers.upsertPapers(fixture);
    });
    const search = (text: string, limit = 50, offset = 0) => stores.papers.search(parse(text), { limit, offset });
    const ids = async (text: string): Promise<string[]> => (await search(text)).hits.map((hit) => hit.paper.id);

    it('ranks ids exactly as search does, with the same flags, and reads the papers on request', async () => {
      for (const text of ['memory ', 'memory agents zzqx', 'min:50', 'author:zhang', '"long context"', 'agent mem']) {
        const page = await search(text, 7, 1);
        const ranked = await stores.papers.rankPapers(parse(text), { limit: 7, offset: 1 });
        expect(ranked.hits).toEqual(page.hits.map((hit) => ({ id: hit.paper.id, score: hit.score, votes: hit.votes })));
        expect({ ...ranked, hits: [] }).toEqual({ ...page, hits: [] });
        expect(await stores.papers.getPapers(ranked.hits.map((hit) => hit.id))).toEqual(page.hits.map((hit) => hit.paper));
      }
    });

    it('gives an empty page for an empty query', async () => {
      expect(await search('')).toEqual({ hits: [], total: 0 });
      expect(await search('  \u200b ')).toEqual({ hits: [], total: 0 });
      expect(await stores.papers.search(rawQuery({}), { limit: 10 })).toEqual({ hits: [], total: 0 });
      expect(await stores.papers.rankPapers(rawQuery({}), { limit: 10 })).toEqual({ hits: [], total: 0 });
    });

    it('finds papers with either side of an OR, with the other words still required', async () => {
      const either = new Set(await ids('"sparse attention" OR gan '));
      expect(either).toEqual(new Set([...(await ids('"sparse attention" ')), ...(await ids('gan '))]));
      expect(either.size).toBe(2);
      const both = await ids('memory "sparse attention" OR evolution ');
      expect(new Set(both)).toEqual(new Set([...(await ids('memory "sparse attention" ')), ...(await ids('memory evolution '))]));
      expect(both.length).toBe(2);
      expect((await search('memory "sparse attention" OR evolution ')).partial).toBe(false);
    });

    it('finds papers by any of several authors', async () => {
      expect(new Set(await ids('author:kocielnik OR author:tayal '))).toEqual(new Set(['2606.00467', '2606.12730', '2606.08039']));
      expect(await ids('author:kocielnik OR author:!!! ')).toEqual(await ids('author:kocielnik '));
    });

    it('gives an empty page, not an error, for words no paper has', async () => {
      expect(await search('zzqxunknown')).toMatchObject({ hits: [], total: 0 });
      expect(await search('🧠🤖')).toMatchObject({ hits: [], total: 0 });
    });

    it('finds the stored papers, best first, each with its score and its community votes', async () => {
      const page = await search('memory ');
      expect(page.hits.length).toBeGreaterThan(1);
      expect(page.total).toBe(page.hits.length);
      for (const hit of page.hits) expect(hit.paper).toEqual(fixture.find((paper) => paper.id === hit.paper.id));
      const scores = page.hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(page.hits.every((hit) => hit.votes === 0)).toBe(true);
    });

    it('counts votes from both platforms into search hits', async () => {
      const target = (await ids('memory '))[1]!;
      await stores.votes.addVote({ platform: 'discord', workspaceId: 'W1', userId: 'U1', paperId: target, at: '2026-06-12T10:00:00Z' });
      await stores.votes.addVote({ platform: 'slack', workspaceId: 'W1', userId: 'U1', paperId: target, at: '2026-06-12T10:00:00Z' });
      const hit = (await search('memory ')).hits.find((candidate) => candidate.paper.id === target);
      expect(hit?.votes).toBe(2);
      const ranked = await stores.papers.rankPapers(parse('memory '), { limit: 50 });
      expect(ranked.hits.find((candidate) => candidate.id === target)?.votes).toBe(2);
    });

    it('finds a paper by its new title after the title changed, and no longer by the old one', async () => {
      const target = (await stores.papers.getPaper('2606.10896'))!;
      expect(await ids('zephyrine')).toEqual([]);
      await stores.papers.upsertPapers([{ ...target, title: 'Flash-GMM: A Zephyrine Kernel for Soft Clustering' }]);
      expect(await ids('zephyrine')).toEqual(['2606.10896']);
      expect((await stores.papers.suggestTitles('memory', 10)).map((s) => s.id)).not.toContain('2606.10896');
    });

    it('pages through the same ranking with offset and reports the full total', async () => {
      const all = await search('memory ');
      const pages = await Promise.all([0, 2, 4, 6].map((offset) => search('memory ', 2, offset)));
      expect(pages.flatMap((page) => page.hits.map((hit) => hit.paper.id))).toEqual(all.hits.map((hit) => hit.paper.id));
      for (const page of pages) expect(page.total).toBe(all.total);
      expect(await search('memory ', 2, 500)).toMatchObject({ hits: [], total: all.total, partial: false });
    });

    it('pages filter-only results too', async () => {
      expect((await search('min:50', 1, 1)).hits.map((hit) => hit.paper.id)).toEqual(['2606.13392']);
    });

    it('treats odd limits and offsets as bounds, not errors', async () => {
      const query = parse('memory');
      expect((await stores.papers.search(query, { limit: 0 })).hits).toEqual([]);
      expect((await stores.papers.search(query, { limit: -5, offset: -3 })).hits).toEqual([]);
      expect((await stores.papers.search(query, { limit: Number.NaN })).hits).toEqual([]);
      expect((await stores.papers.search(query, { limit: Number.POSITIVE_INFINITY })).hits.length).toBeGreaterThan(0);
      expect((await stores.papers.search(query, { limit: 2.7 })).hits).toHaveLength(2);
    });

    it('suggests titles starting with the typed prefix first, then by upvotes', async () => {
      expect(await stores.papers.suggestTitles('evo', 5)).toEqual([
        { id: '2606.13681', title: expect.stringMatching(/^EvoArena/) as unknown },
        { id: '2606.13120', title: expect.stringMatching(/^EvoBrowseComp/) as unknown },
      ]);
    });

    it('suggests titles matching any title word and every typed word', async () => {
      expect((await stores.papers.suggestTitles('memory', 10)).map((s) => s.id)).toEqual(['2606.13681', '2606.10896']);
      expect((await stores.papers.suggestTitles('memory eff', 10)).map((s) => s.id)).toEqual(['2606.10896']);
      expect(await stores.papers.suggestTitles('zzqxunknown', 10)).toEqual([]);
    });

    it("respects the suggestion limit and offers the newest day's top papers before anything is typed", async () => {
      expect(await stores.papers.suggestTitles('m', 3)).toHaveLength(3);
      expect((await stores.papers.suggestTitles('', 2)).map((s) => s.id)).toEqual(['2606.13681', '2606.13392']);
      expect(await stores.papers.suggestTitles('memory', 0)).toEqual([]);
    });
  });
}
