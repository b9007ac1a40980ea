import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { digestToView, paperToCard, searchToView } from '../../src/formatter/card.js';
import { CARD_LIMITS } from '../../src/formatter/limits.js';
import { allFixturePapers, fixturePaper, loadFixturePapers } from '../support/papers.js';

describe('paperToCard', () => {
  it.each(allFixturePapers().map(({ file, paper }) => [`${file} ${paper.id}`, paper] as const))(
    'builds a complete card for %s',
    (_name, paper) => {
      const card = paperToCard(paper);
      expect(card.url).toBe(`https://huggingface.co/papers/${paper.id}`);
      expect(card.title.length).toBeGreaterThan(0);
      expect(card.blurb.length).toBeGreaterThan(0);
      expect(card.oneLine.length).toBeGreaterThan(0);
      expect(card.oneLine.length).toBeLessThanOrEqual(CARD_LIMITS.oneLine);
      expect(card.authorsLine.length).toBeLessThanOrEqual(CARD_LIMITS.authorsLine);
      expect(card.links.slice(0, 3).map((link) => link.label)).toEqual(['Hugging Face', 'arXiv', 'PDF']);
      expect(card.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    },
  );

  it('uses the AI summary as blurb and one-liner when Hugging Face has one', () => {
    const paper = fixturePaper('2606.13681');
    const card = paperToCard(paper);
    expect(card.blurb).toBe(paper.aiSummary);
    expect(card.oneLine).toBe(paper.aiSummary);
  });

  it('falls back to the abstract and its first sentence without an AI summary', () => {
    const card = paperToCard(fixturePaper('2407.21783'));
    expect(card.blurb.startsWith('Modern artificial intelligence (AI) systems are powered by foundation models.')).toBe(true);
    expect(card.oneLine).toBe('Modern artificial intelligence (AI) systems are powered by foundation models.');
  });

  it('shows the organization full name, the papers-day and GitHub with stars', () => {
    const card = paperToCard(fixturePaper('2606.13681'));
    expect(card.organization).toBe('Massachusetts Institute of Technology');
    expect(card.date).toBe('2026-06-12');
    expect(card.daily).toBe(true);
    expect(card.github).toEqual({ url: expect.stringContaining('github.com') as unknown, stars: 9 });
    expect(card.links.map((link) => link.label)).toEqual(['Hugging Face', 'arXiv', 'PDF', 'GitHub', 'Project page']);
  });

  it('dates a search-only paper by its arXiv day', () => {
    const card = paperToCard(fixturePaper('2404.04487'));
    expect(card.date).toBe('2024-04-06');
    expect(card.daily).toBe(false);
  });

  it('keeps the 533-author count while shortening the authors line', () => {
    const card = paperToCard(fixturePaper('2407.21783'));
    expect(card.authorCount).toBe(533);
    expect(card.authorsLine).toMatch(/^Abhimanyu Dubey, .*, \+\d+ more$/);
  });

  it('leaves out a project page that is the GitHub repository again', () => {
    const base = fixturePaper('2606.13681');
    const paper: Paper = { ...base, githubRepo: 'https://github.com/a/b', projectPage: 'http://www.github.com/a/b/' };
    expect(paperToCard(paper).links.map((link) => link.label)).toEqual(['Hugging Face', 'arXiv', 'PDF', 'GitHub']);
  });

  it('drops links and thumbnails that are not http(s) URLs', () => {
    const base = fixturePaper('2606.13681');
    const paper: Paper = { ...base, githubRepo: 'javascript:alert(1)', projectPage: 'not a url', thumbnail: 'ftp://x/y.png' };
    const card = paperToCard(paper);
    expect(card.links).toHaveLength(3);
    expect(card.github).toBeUndefined();
    expect(card.thumbnail).toBeUndefined();
  });

  it('keeps 0 upvotes and carries votes and rank', () => {
    const card = paperToCard(fixturePaper('2606.00467'), { votes: 0, rank: 4 });
    expect(card.upvotes).toBe(0);
    expect(card.votes).toBe(0);
    expect(card.rank).toBe(4);
  });
});

describe('digestToView', () => {
  it('ranks papers in the given order and attaches community votes', () => {
    const papers = loadFixturePapers('hf-daily-papers_2026-07-31_5-items.json');
    const view = digestToView('2026-07-31', papers.slice(0, 3), {
      votes: new Map([[papers[1]!.id, 7]]),
      totalAvailable: 5,
      voteEmoji: '⬆️',
    });
    expect(view.papers.map((card) => card.rank)).toEqual([1, 2, 3]);
    expect(view.papers.map((card) => card.votes)).toEqual([undefined, 7, undefined]);
    expect(view.totalAvailable).toBe(5);
    expect(view.voteEmoji).toBe('⬆️');
  });

  it('never reports fewer papers available than it shows', () => {
    const papers = loadFixturePapers('hf-daily-papers_2026-07-31_5-items.json');
    expect(digestToView('2026-07-31', papers, { totalAvailable: 1 }).totalAvailable).toBe(5);
  });
});

describe('searchToView', () => {
  const papers = loadFixturePapers('hf-papers-search_q-kazakh_2025-05.json');

  it('numbers results across pages', () => {
    const view = searchToView('kazakh', papers.slice(5, 9), { page: 2, pageSize: 5, total: 9 });
    expect(view.cards.map((card) => card.rank)).toEqual([6, 7, 8, 9]);
    expect(view.pageCount).toBe(2);
  });

  it('raises a total smaller than what the page shows', () => {
    const view = searchToView('kazakh', papers.slice(0, 5), { page: 2, pageSize: 5, total: 3 });
    expect(view.total).toBe(10);
    expect(view.page).toBe(2);
  });

  it('clamps a page past the end of an empty result', () => {
    const view = searchToView('nothing', [], { page: 4, pageSize: 5, total: 0 });
    expect(view.page).toBe(1);
    expect(view.pageCount).toBe(1);
  });

  it('cleans the query and keeps a note', () => {
    const view = searchToView(' kaz\u0007akh  ', [], { page: 1, pageSize: 5, total: 0, note: 'local results only' });
    expect(view.query).toBe('kazakh');
    expect(view.note).toBe('local results only');
  });
});
