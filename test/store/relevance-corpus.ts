/**
 * The relevance set: real papers (every recorded Hugging Face response in test/fixtures/hf, read
 * through the real normaliser, plus the papers HF's own search shows for `memory`) and the
 * queries in test/fixtures/relevance/queries.json with the papers a researcher would expect in
 * the top 5.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { paperLinks, type Paper } from '../../src/core/paper.js';
import { parseDailyPapersResponse, parseSearchResponse } from '../../src/source/hf-normalise.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** After every paper in the corpus, so freshness is reproducible. */
export const RELEVANCE_NOW = new Date('2026-08-01T12:00:00Z');

export interface RelevanceQuery {
  readonly kind: string;
  readonly query: string;
  readonly expected: readonly string[];
  readonly why: string;
}

export function loadRelevanceCorpus(): Paper[] {
  const papers: Paper[] = [];
  const hf = new URL('hf/', FIXTURES);
  for (const name of readdirSync(hf).filter((file) => file.endsWith('.json')).sort()) {
    const json: unknown = JSON.parse(readFileSync(new URL(name, hf), 'utf8'));
    papers.push(...(name.includes('search') ? parseSearchResponse(json) : parseDailyPapersResponse(json)).papers);
  }
  const seed = JSON.parse(readFileSync(new URL('relevance/hf-search-memory-corpus.json', FIXTURES), 'utf8')) as Omit<Paper, 'links'>[];
  papers.push(...seed.map((paper) => ({ ...paper, links: paperLinks(paper.id) })));
  return papers;
}

export function loadRelevanceQueries(): RelevanceQuery[] {
  return JSON.parse(readFileSync(new URL('relevance/queries.json', FIXTURES), 'utf8')) as RelevanceQuery[];
}

/** Share of the expected papers (at most 5 of them) found in the first 5 results. */
export function recallAt5(results: readonly string[], expected: readonly string[]): number {
  const top = new Set(results.slice(0, 5));
  const found = expected.filter((id) => top.has(id)).length;
  return found / Math.min(5, expected.length);
}

/** 1 / rank of the first expected paper in the results, 0 when none is there. */
export function reciprocalRank(results: readonly string[], expected: readonly string[]): number {
  const rank = results.findIndex((id) => expected.includes(id));
  return rank === -1 ? 0 : 1 / (rank + 1);
}
