/**
 * The pure paper matcher behind digest filters, on the real titles and abstracts of the
 * recorded Hugging Face days, and checked against the SQLite search it must agree with.
 */
import { describe, expect, it } from 'vitest';
import { compileQuery, paperMatches, toMatchable } from '../../src/core/search/match.js';
import { parseFilterQuery, parseSearchQuery } from '../../src/core/search/query.js';
import { filterMatcher } from '../../src/core/subscriptions/filter.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { fixtureClock, loadFixturePapers } from '../support/papers.js';
import { loadRelevanceCorpus, RELEVANCE_NOW } from '../store/relevance-corpus.js';

const NOW = fixtureClock.now();
const june = loadFixturePapers();
const july = loadFixturePapers('hf-daily-papers_2026-07-31_5-items.json');
const all = [...june, ...july];
const byId = (id: string) => {
  const paper = all.find((candidate) => candidate.id === id);
  if (!paper) throw new Error(`no fixture paper ${id}`);
  return paper;
};
const text = (id: string) => { const paper = byId(id); return [paper.title, paper.abstract, ...paper.keywords].join(' '); };
const matching = (filter: string) => all.filter((paper) => paperMatches(paper, parseFilterQuery(filter, NOW).query)).map((paper) => paper.id).sort();

describe('paperMatches on real papers', () => {
  it('does not match gan inside "organizes" or "organize", and matches the GAN paper', () => {
    // The old keyword filter matched any part of a word: both of these contain "gan".
    expect(text('2606.11662').toLowerCase()).toContain('gan');
    expect(text('2607.28308').toLowerCase()).toContain('gan');
    expect(matching('gan')).toEqual(['2606.12575']);
  });

  it('matches rl as the word RL, not inside "world" or "underlying"', () => {
    expect(text('2606.13681').toLowerCase()).toContain('world');
    const rl = matching('rl');
    expect(rl).toEqual(expect.arrayContaining(['2606.11409', '2606.13106', '2607.28582']));
    expect(rl).not.toContain('2606.13681');
    expect(rl).not.toContain('2607.16922');
    for (const id of rl) expect(text(id)).toMatch(/\bRL\b/u);
  });

  it('matches a phrase only as the phrase, not its words apart', () => {
    expect(text('2606.11662').toLowerCase()).toMatch(/search/u);
    expect(text('2606.11662').toLowerCase()).toMatch(/agents/u);
    expect(matching('"search agents"')).toEqual(['2606.13120']);
    expect(matching('search agents')).toEqual(expect.arrayContaining(['2606.13120', '2606.11662']));
  });

  it('needs one side of each OR, and every other word', () => {
    expect(matching('"sparse attention" OR gan')).toEqual(['2606.12575', '2606.13392']);
    expect(matching('memory evolution OR "sparse attention"')).toEqual(['2606.13392', '2606.13681']);
    expect(matching('evolution OR "sparse attention" tracking')).toEqual(['2606.13681']);
    expect(matching('author:kocielnik OR author:"Manan Tayal"')).toEqual(['2606.00467', '2606.08039', '2606.12730']);
  });

  it('applies author (a name may be cut short), org (slug or part of the full name) and min', () => {
    expect(matching('author:kociel')).toEqual(['2606.00467', '2606.12730']);
    expect(matching('author:"rafal kocielnik" author:casanova')).toEqual(['2606.00467']);
    expect(matching('org:MIT')).toEqual(['2606.13681']);
    expect(matching('org:caltech OR org:SAP')).toEqual(['2606.00467', '2606.12451']);
    expect(matching('memory min:110')).toEqual(['2606.13681']);
    expect(matching('memory min:100')).toEqual(['2606.13392', '2606.13681']);
  });

  it('folds case and diacritics as the index does', () => {
    expect(matching('author:boglarka')).toEqual(['2606.11409']);
    expect(matching('MEMORY EVOLUTION')).toEqual(['2606.13681']);
  });

  it('matches everything for an empty query and never prefixes the last word', () => {
    expect(all.every((paper) => compileQuery(parseSearchQuery('', NOW))(toMatchable(paper)))).toBe(true);
    const typed = parseSearchQuery('evoluti', NOW);
    expect(typed.prefixLast).toBe(true);
    expect(all.filter((paper) => paperMatches(paper, typed))).toEqual([]);
  });
});

describe('filters over every recorded paper (the Hugging Face days and its search page for "memory")', () => {
  const corpus = loadRelevanceCorpus();
  const words = (paper: (typeof corpus)[number]) => [paper.title, paper.abstract, ...paper.keywords].join(' ');
  const matched = (filter: string) => [...new Set(corpus.filter((paper) => paperMatches(paper, parseFilterQuery(filter, RELEVANCE_NOW).query)).map((paper) => paper.id))].sort();
  const whole = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'iu');

  it('gan leaves out the abstracts that speak of "organization"', () => {
    const organization = corpus.filter((paper) => /organization/iu.test(words(paper))).map((paper) => paper.id);
    expect(organization).toEqual(['2600.00019', '2600.00033', '2600.00044']);
    expect(matched('gan')).toEqual(['2606.12575']);
  });

  it('rl matches exactly the papers that say RL as a word, none that only say "world"', () => {
    const rl = corpus.filter((paper) => whole('rl').test(words(paper))).map((paper) => paper.id);
    expect(matched('rl')).toEqual([...new Set(rl)].sort());
    const worldOnly = corpus.filter((paper) => /world/iu.test(words(paper)) && !whole('rl').test(words(paper)));
    expect(worldOnly.length).toBeGreaterThan(5);
    for (const paper of worldOnly) expect(matched('rl')).not.toContain(paper.id);
  });

  it('a phrase matches the words side by side only', () => {
    expect(matched('memory organization')).toEqual(['2600.00019', '2600.00033', '2600.00044']);
    expect(matched('"memory organization"')).toEqual(['2600.00019']);
    const phrase = corpus.filter((paper) => /memory organization/iu.test(words(paper))).map((paper) => paper.id);
    expect(phrase).toEqual(['2600.00019']);
  });
});

describe('paperMatches agrees with the SQLite search', () => {
  const db = openDatabase(':memory:');
  const store = createSqlitePaperStoreSync(db, { clock: fixtureClock });
  store.upsertPapers(june);
  it.each([
    'memory ', 'memory agents ', '"long context" ', 'reinforcement learning ', 'rl ', 'gan ', 'world models ',
    'agents OR robotics ', '"sparse attention" OR diffusion ', 'memory agents OR benchmark ', 'author:zhang ', 'author:kociel OR author:tayal ',
    'org:nvidia ', 'org:mit memory ', 'min:20 ', 'language models min:5 ', 'Σ-Mem ', 'gpt-4o OR llama ',
  ])('finds the same papers for %j', (query) => {
    const parsed = parseSearchQuery(query, NOW);
    const page = store.search(parsed, { limit: 100 });
    const searched = page.partial === true ? [] : page.hits.map((hit) => hit.paper.id).sort();
    const matched = june.filter((paper) => paperMatches(paper, parsed)).map((paper) => paper.id).sort();
    expect(matched).toEqual(searched);
  });
});

describe('filterMatcher', () => {
  it('lets every paper through without a filter, and none through one that can no longer match', () => {
    expect(june.every(filterMatcher('', NOW))).toBe(true);
    expect(june.some(filterMatcher('"🧠"', NOW))).toBe(false);
    expect(june.filter(filterMatcher('memory OR gan', NOW)).length).toBeGreaterThan(1);
  });
});
