/**
 * The contract's lookup part: `/papers` given an arXiv id (with or without its version), an
 * arxiv.org abs or pdf link or a huggingface.co/papers link shows exactly that paper first;
 * one the archive lacks is fetched from Hugging Face's paper endpoint and stored, and an id
 * Hugging Face does not know gets a clear answer.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURES, loadFixture } from '../../support/hf-fixtures.js';
import type { ChatDriver } from './driver.js';
import { useDriver, type StartDriver } from './support.js';

/** In the seeded fixture day, and never first for a search by its words. */
const ARCHIVED = '2606.13392';
const ARCHIVED_TITLE = 'MiniMax Sparse Attention';
/** From another day: not in the archive until someone looks it up. */
const MISSING = '2607.23193';

const FORMS: readonly (readonly [string, string])[] = [
  ['an arXiv id', ARCHIVED],
  ['an arXiv id with its version', `${ARCHIVED}v2`],
  ['an arxiv.org/abs link', `https://arxiv.org/abs/${ARCHIVED}v1`],
  ['an arxiv.org/pdf link', `https://arxiv.org/pdf/${ARCHIVED}`],
  ['a huggingface.co/papers link', `https://huggingface.co/papers/${ARCHIVED}`],
];

const paperRequests = (d: ChatDriver, id: string): number => d.hf.requests.filter((request) => request.url === `/api/papers/${id}`).length;

export function lookupContract(start: StartDriver): void {
  describe('/papers lookup by id or link', () => {
    const driver = useDriver(start);

    it.each(FORMS)('shows exactly that paper for %s, from the archive', async (_form, query) => {
      const d = driver();
      const answer = await d.search(query);
      expect(answer).toMatchObject({ kind: 'results', ephemeral: true, range: '1–1 of 1', note: undefined });
      expect(answer.cards.map((card) => [card.title, card.url])).toEqual([[`1. ${ARCHIVED_TITLE}`, `https://huggingface.co/papers/${ARCHIVED}`]]);
      expect(paperRequests(d, ARCHIVED)).toBe(0);
    });

    it('puts the named paper first, before what the other words find', async () => {
      const answer = await driver().search(`https://huggingface.co/papers/${ARCHIVED} memory`);
      expect(answer.cards[0]?.url).toBe(`https://huggingface.co/papers/${ARCHIVED}`);
      expect(answer.cards.length).toBeGreaterThan(1);
    });

    it('fetches a paper the archive lacks from Hugging Face once, and keeps it', async () => {
      const d = driver();
      const paper = loadFixture(FIXTURES.day0731).find((item) => item.paper.id === MISSING)!.paper;
      d.hf.setPaper(MISSING, paper);
      const answer = await d.search(`https://arxiv.org/abs/${MISSING}`);
      expect(answer.cards[0]).toMatchObject({ title: `1. ${String(paper.title)}`, url: `https://huggingface.co/papers/${MISSING}` });
      expect(paperRequests(d, MISSING)).toBe(1);

      await d.restart();
      const again = await d.search(MISSING);
      expect(again.cards[0]?.url).toBe(`https://huggingface.co/papers/${MISSING}`);
      expect(paperRequests(d, MISSING)).toBe(1);
    });

    it('says Hugging Face has no such paper for an unknown id', async () => {
      const d = driver();
      const answer = await d.search('https://huggingface.co/papers/2601.99999');
      expect(answer).toMatchObject({ kind: 'none', ephemeral: true, cards: [] });
      expect(answer.note ?? answer.text).toContain('Hugging Face has no paper 2601.99999: check the id (arXiv ids look like 2606.13681).');
      expect(d.errors()).toEqual([]);
    });
  });
}
