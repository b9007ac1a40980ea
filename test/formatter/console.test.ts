import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper.js';
import { digestToView, searchToView } from '../../src/formatter/card.js';
import { digestToConsoleText, searchToConsoleText } from '../../src/formatter/console.js';
import { fixturePaper, loadFixturePapers } from '../support/papers.js';

describe('digestToConsoleText', () => {
  const papers = loadFixturePapers('hf-daily-papers_latest-batch_2026-06-12.json');

  it('lists numbered papers with authors, details, summary and link', () => {
    const paper = fixturePaper('2606.13681');
    const text = digestToConsoleText(digestToView('2026-06-12', [paper], { totalAvailable: 30, votes: new Map([[paper.id, 3]]), votesWhere: 'in this server' }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Hugging Face Daily Papers · 2026-06-12 · top 1 of 30');
    expect(lines[2]).toMatch(/^1\. EvoArena/);
    expect(text).toContain('2026-06-12 · ▲ 118 (3 votes in this server) · Massachusetts Institute of Technology · ★ 9');
    expect(text).toContain('   https://huggingface.co/papers/2606.13681\n');
  });

  it('wraps every line to the width except unbreakable words', () => {
    const text = digestToConsoleText(digestToView('2026-06-12', papers.slice(0, 12)), { width: 60 });
    for (const line of text.split('\n')) {
      if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(60);
    }
    expect(text).toMatch(/^ 9\. /m);
    expect(text).toMatch(/^12\. /m);
  });

  it('strips control characters that could drive the terminal', () => {
    const paper: Paper = { ...fixturePaper('2606.13681'), title: 'Evil\u001b[2J\u0007 title\u202e' };
    const text = digestToConsoleText(digestToView('2026-06-12', [paper]));
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('Evil[2J title');
  });

  it('says so when the day has no papers', () => {
    expect(digestToConsoleText(digestToView('2026-06-13', []))).toBe('No papers on Hugging Face Daily Papers for 2026-06-13.\n');
  });
});

describe('searchToConsoleText', () => {
  const papers = loadFixturePapers('hf-papers-search_q-kazakh_2025-05.json');

  it('shows the range, the note and the results', () => {
    const view = searchToView('kazakh', papers.slice(0, 3), { page: 2, pageSize: 3, total: 9, note: 'local results only' });
    const lines = searchToConsoleText(view).split('\n');
    expect(lines[0]).toBe('Results for "kazakh" (4–6 of 9, page 2/3)');
    expect(lines[1]).toBe('local results only');
    expect(lines[3]).toMatch(/^4\. KazQAD/);
  });

  it('says there are no results', () => {
    expect(searchToConsoleText(searchToView('zzz', [], { page: 1, pageSize: 5, total: 0 }))).toBe('No results for "zzz".\n');
  });
});
