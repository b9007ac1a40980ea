/** The contract's search part: answers, paging, nothing to search for, hostile queries. */
import { describe, expect, it } from 'vitest';
import type { ChatDriver } from './driver.js';
import { EVOARENA_TITLE, EVOARENA_URL, useDriver, type StartDriver } from './support.js';

/** Queries people (or fuzzers) type that must each get an answer and hurt nothing. */
const HOSTILE: readonly (readonly [string, string])[] = [
  ['5,000 characters', 'memory '.repeat(715).slice(0, 5_000)],
  ['714 words', 'memory '.repeat(714)],
  ['a lone quote', '"'],
  ['an unclosed phrase', '"memory agents'],
  ['a star', '*'],
  ['an FTS function', 'NEAR('],
  ['NEAR( with words', 'NEAR(memory agents'],
  ['a minus', '-'],
  ['a leading minus', '-memory'],
  ['an operator', 'AND'],
  ['AND OR NOT', 'memory AND OR NOT'],
  ['column syntax', 'title:memory abstract:'],
  ['emoji', '🧠💾 memory 🤖'],
  ['only emoji and a word', '🧠🤖 memory'],
  ['zero-width characters in a word', 'mem\u200bory\u200d\ufeff'],
  ['only zero-width characters', '\u200b\u200d\ufeff'],
  ['a mention', '@everyone <@4000000000000000004> memory'],
  ['markdown', '**memory** `agents` ||x||'],
  ['Slack-escaped markup', '&lt;script&gt; &amp; <@U0001>'],
  ['SQL', "'; DROP TABLE papers; --"],
  ['unbalanced filters', 'author:" org: since:yesterday min:-5'],
  ['only punctuation', '()^:{}[]'],
];

const hfSearches = (d: ChatDriver): number => d.hf.requests.filter((request) => request.url.startsWith('/api/papers/search')).length;

export function searchContract(start: StartDriver): void {
  describe('/papers search', () => {
    const driver = useDriver(start);

    it('answers only the asker, EvoArena first with its summary and details, with a next page and no previous', async () => {
      const d = driver();
      const answer = await d.search('memory');
      expect(answer).toMatchObject({ kind: 'results', ephemeral: true, heading: 'Results for "memory"', range: '1–5 of 6', page: '1 of 2', note: undefined });
      expect(answer.cards).toHaveLength(5);
      const [first] = answer.cards;
      expect(first?.title).toBe(`1. ${EVOARENA_TITLE}`);
      expect(first?.url).toBe(EVOARENA_URL);
      // One-line summary, then the author count and authors · date · upvotes · comments · organization
      // (Discord adds the arXiv, PDF, GitHub and project links on a line of their own).
      expect(first?.details).toMatch(/^EvoArena benchmark and EvoMem memory paradigm .+\n14 authors: Jundong Xu, .+ · 2026-06-12 · ▲ 118 · 💬 3(?: comments)? · Massachusetts[^\n]*(?:\n\[arXiv\]\(https:\/\/arxiv\.org\/abs\/2606\.13681\) · \[PDF\].*)?$/su);
      expect(answer.next).toBeDefined();
      expect(answer.previous).toBeUndefined();
      expect(d.hf.requests.some((request) => request.url.startsWith('/api/papers/search?q=memory'))).toBe(true);
    });

    it('pages forward and back, replacing the answer, without asking Hugging Face again', async () => {
      const d = driver();
      const first = await d.search('memory');
      const searches = hfSearches(d);

      const second = await first.next?.();
      expect(second).toMatchObject({ kind: 'results', ephemeral: true, replacedPrevious: true, heading: 'Results for "memory"', range: '6–6 of 6', page: '2 of 2', note: undefined });
      expect(second?.cards[0]?.title).toMatch(/^6\. /u);
      expect(second?.text).not.toContain('EvoArena');
      expect(second?.next).toBeUndefined();
      expect(second?.previous).toBeDefined();
      expect(hfSearches(d)).toBe(searches);

      const back = await second?.previous?.();
      expect(back).toMatchObject({ replacedPrevious: true, range: '1–5 of 6' });
      expect(back?.cards[0]?.url).toBe(EVOARENA_URL);
    });

    it('merges Hugging Face search with the local index without listing a paper twice', async () => {
      const d = driver();
      const first = await d.search('memory');
      const second = await first.next?.();
      const urls = [...first.cards, ...(second?.cards ?? [])].map((card) => card.url);
      expect(urls).toHaveLength(6);
      expect(new Set(urls).size).toBe(6);
      expect(urls.filter((url) => url === EVOARENA_URL)).toHaveLength(1);
    });

    it('says so when nothing matches, without paging buttons', async () => {
      const answer = await driver().search('xylophone quasar');
      expect(answer).toMatchObject({ kind: 'none', ephemeral: true, heading: 'No results for "xylophone quasar".', note: undefined, cards: [], buttons: [] });
    });

    it.each([['spaces', '   '], ['a lone quote', '"'], ['a star', '*']])('answers %s with how to search instead of searching', async (_label, query) => {
      const d = driver();
      const answer = await d.search(query);
      expect(answer).toMatchObject({ kind: 'help', ephemeral: true });
      expect(answer.text).toContain('author:lecun');
      expect(hfSearches(d)).toBe(0);
    });

    it.each(HOSTILE)('answers %s with a valid message for the asker alone', async (_label, query) => {
      // The driver also holds the answer to the platform's limits and its mentions off.
      const answer = await driver().search(query);
      expect(answer.ephemeral).toBe(true);
      expect(['results', 'none', 'help']).toContain(answer.kind);
    });

    it('keeps serving after all of them at once, with nothing logged as an error', async () => {
      const d = driver();
      await Promise.all(HOSTILE.map(([, query]) => d.search(query)));
      const answer = await d.search('memory');
      expect(answer.cards[0]?.url).toBe(EVOARENA_URL);
      expect(d.errors()).toEqual([]);
    });
  });
}
