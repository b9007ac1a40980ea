/** The PaperStore contract, for papers in and out (the search side is paper-search.contract.ts). */
import { describe, expect, it } from 'vitest';
import { FIXTURE_DAY, fixtureClock, loadFixturePapers, makePaper } from '../../support/papers.js';
import { useStores, type StoreAdapter } from './adapter.js';

const fixture = loadFixturePapers();

export function describePaperStoreContract(adapter: StoreAdapter): void {
  describe(`PaperStore on ${adapter.name}`, () => {
    const test = useStores(adapter, { clock: fixtureClock });

    it('inserts a 30-paper day once and finds it unchanged the second time, never duplicating', async () => {
      const { papers } = test().stores;
      expect(fixture).toHaveLength(30);
      expect(await papers.upsertPapers(fixture)).toEqual({ inserted: 30, updated: 0, unchanged: 0 });
      expect(await papers.upsertPapers(fixture)).toEqual({ inserted: 0, updated: 0, unchanged: 30 });
      expect(await papers.countPapers()).toBe(30);
    });

    it('gives back exactly the paper it was given', async () => {
      const { papers } = test().stores;
      await papers.upsertPapers(fixture);
      for (const paper of fixture) expect(await papers.getPaper(paper.id)).toEqual(paper);
    });

    it('reads several papers in the order asked and leaves out ids it does not know', async () => {
      const { papers } = test().stores;
      await papers.upsertPapers(fixture);
      const [a, b, c] = [fixture[3], fixture[0], fixture[7]].map((paper) => paper!.id) as [string, string, string];
      expect((await papers.getPapers([a, '2699.00001', b, c])).map((paper) => paper.id)).toEqual([a, b, c]);
      expect(await papers.getPapers([b])).toEqual([await papers.getPaper(b)]);
      expect(await papers.getPapers([])).toEqual([]);
    });

    it('counts a paper whose upvotes changed as updated and keeps the new counts', async () => {
      const { papers } = test().stores;
      await papers.upsertPapers(fixture);
      const target = fixture.find((paper) => paper.id === '2606.13681')!;
      const changed = fixture.map((paper) => (paper === target ? { ...paper, upvotes: 150, comments: 9 } : paper));
      expect(await papers.upsertPapers(changed)).toEqual({ inserted: 0, updated: 1, unchanged: 29 });
      expect(await papers.getPaper('2606.13681')).toEqual({ ...target, upvotes: 150, comments: 9 });
    });

    it('does not let a search-only sighting erase the AI summary, keywords, papers-day, organization or submitter', async () => {
      const { papers } = test().stores;
      await papers.upsertPapers(fixture);
      const stored = (await papers.getPaper('2606.13681'))!;
      expect(stored.submittedBy?.username).toBeTruthy();
      const searchHit = {
        ...stored, aiSummary: undefined, keywords: [], papersDay: undefined, organization: undefined, submittedBy: undefined, githubStars: undefined, upvotes: 130,
      };
      expect(await papers.upsertPapers([searchHit])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await papers.getPaper('2606.13681')).toEqual({ ...stored, upvotes: 130 });
    });

    it('fills in an AI summary, organization and submitter that arrive later', async () => {
      const { papers } = test().stores;
      const fresh = makePaper('2607.00001', { title: 'Fresh', papersDay: '2026-07-31' });
      await papers.upsertPapers([fresh]);
      const later = {
        ...fresh, aiSummary: 'One sentence.', keywords: ['memory'], organization: { name: 'mit', fullname: 'MIT' }, submittedBy: { username: 'akhaliq', fullname: 'AK' },
      };
      expect(await papers.upsertPapers([later])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await papers.getPaper('2607.00001')).toEqual(later);
    });

    it('keeps one paper when the same paper appears twice in a batch, the later one winning', async () => {
      const { papers } = test().stores;
      const paper = makePaper('2606.99999');
      expect(await papers.upsertPapers([paper, { ...paper, upvotes: 3 }])).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
      expect(await papers.countPapers()).toBe(1);
      expect((await papers.getPaper('2606.99999'))?.upvotes).toBe(3);
    });

    it('stores fractional or negative counts as whole non-negative numbers', async () => {
      const { papers } = test().stores;
      await papers.upsertPapers([makePaper('2606.00002', { upvotes: 4.6, comments: -2, githubStars: Number.NaN })]);
      expect(await papers.getPaper('2606.00002')).toMatchObject({ upvotes: 5, comments: 0, githubStars: 0 });
    });

    it('does nothing for an empty batch', async () => {
      const { papers } = test().stores;
      expect(await papers.upsertPapers([])).toEqual({ inserted: 0, updated: 0, unchanged: 0 });
      expect(await papers.countPapers()).toBe(0);
    });

    it('lists a day most upvoted first, ties by id', async () => {
      const { papers } = test().stores;
      await papers.upsertPapers(fixture);
      const day = await papers.papersForDay(FIXTURE_DAY);
      expect(day).toHaveLength(30);
      expect(day.slice(0, 3).map((paper) => paper.id)).toEqual(['2606.13681', '2606.13392', '2606.08063']);
      for (let i = 1; i < day.length; i += 1) {
        const [a, b] = [day[i - 1]!, day[i]!];
        expect(a.upvotes > b.upvotes || (a.upvotes === b.upvotes && a.id < b.id)).toBe(true);
      }
      expect(await papers.papersForDay('2026-06-13')).toEqual([]);
    });

    it('knows the newest papers-day, and has none when empty', async () => {
      const { papers } = test().stores;
      expect(await papers.latestDay()).toBeUndefined();
      await papers.upsertPapers([makePaper('2605.00001', { papersDay: '2026-05-02' }), makePaper('2605.00002')]);
      await papers.upsertPapers([makePaper('2605.00003', { papersDay: '2026-05-04' })]);
      expect(await papers.latestDay()).toBe('2026-05-04');
    });

    it('returns undefined for an unknown paper and counts what it holds', async () => {
      const { papers } = test().stores;
      expect(await papers.getPaper('2606.00000')).toBeUndefined();
      expect(await papers.countPapers()).toBe(0);
      await papers.upsertPapers(fixture.slice(0, 4));
      expect(await papers.countPapers()).toBe(4);
    });
  });
}
