/**
 * Whatever a user types, the parser parses it and the store answers with a list, possibly empty:
 * no exception, no FTS syntax error, no SQL. 10,000 generated queries (seeded, so a failure
 * reproduces with its index) through parseSearchQuery and the real SQLite store holding the
 * relevance corpus, plus 2,000 raw SearchQuery objects that skip the parser altogether.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PaperStore } from '../../src/core/ports.js';
import type { Synchronous } from '../../src/store/promised.js';
import { isEmptyQuery, MAX_QUERY_LENGTH, parseSearchQuery, type SearchQuery } from '../../src/core/search/query.js';
import { optimizeSearchIndex } from '../../src/store/sqlite/search/paper-search.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { openDatabase, type Database } from '../../src/store/sqlite/database.js';
import { loadRelevanceCorpus, RELEVANCE_NOW } from './relevance-corpus.js';

const PARSED_QUERIES = 10_000;
const RAW_QUERIES = 2_000;
// Thousands of real queries: a behaviour test that must not fail because a shared machine is busy.
const FUZZ_TIMEOUT_MS = 180_000;

/** mulberry32. */
function generator(seed: number) {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const WORDS = ['memory', 'agents', 'sparse', 'attention', 'kazakh', 'llama', 'diffusion', 'mem', 'a', 'the', 'lecun', 'évaluation', 'Σ-Mem', 'β', '3d', 'gpt-4o'];
const OPERATORS = ['NEAR', 'NEAR(', 'AND', 'OR', 'NOT', '*', '^', ':', '-', '+', '(', ')', '{', '}', '"', '""', "'", 'NEAR(a b, 3)', '{title abstract}:', 'title:', 'papers_fts:', 'abstract :', 'rank:', 'rowid:', '"*', '*"'];
const SQL = ["'; DROP TABLE papers; --", '" OR 1=1 --', "' OR '1'='1", 'UNION SELECT * FROM votes', '/*', '*/', '\\', '%', '_', ';', 'ATTACH', "papers_fts MATCH 'x'", 'x\'); DELETE FROM papers; --'];
const FILTERS = ['author:', 'org:', 'since:', 'min:', 'AUTHOR:', 'Since:'];
const FILTER_VALUES = ['lecun', '"Yann LeCun"', '"unclosed', '7d', '2025-01-01', '2025-02-30', '-1', '1e400', 'NaN', '99999999999999999999', '', '*', '"', 'nvidia', '0x10', '2w', '3m', '1y', 'today'];

/** One character of any kind: ASCII, controls, BMP, astral, lone surrogates, invisibles. */
function char(g: ReturnType<typeof generator>): string {
  switch (g.int(8)) {
    case 0: return String.fromCharCode(g.int(32));
    case 1: return String.fromCharCode(0xd800 + g.int(0x800));
    case 2: return String.fromCodePoint(0x10000 + g.int(0xfffff));
    case 3: return String.fromCharCode(0x80 + g.int(0xd800 - 0x80));
    case 4: return g.pick(['\u200b', '\u202e', '\ufeff', '\u0301', '\u00a0', '\u2028', '\uffff', '\ufffd', '\u0000']);
    default: return String.fromCharCode(32 + g.int(95));
  }
}

function token(g: ReturnType<typeof generator>): string {
  switch (g.int(7)) {
    case 0: return g.pick(OPERATORS);
    case 1: return g.pick(SQL);
    case 2: return `${g.pick(FILTERS)}${g.pick(FILTER_VALUES)}`;
    case 3: return Array.from({ length: 1 + g.int(6) }, () => char(g)).join('');
    case 4: return `"${g.pick(WORDS)} ${g.pick(WORDS)}${g.next() < 0.5 ? '"' : ''}`;
    default: return g.pick(WORDS);
  }
}

export function fuzzQuery(g: ReturnType<typeof generator>): string {
  const shape = g.int(20);
  if (shape === 0) return Array.from({ length: 200 + g.int(5000) }, () => char(g)).join('');
  if (shape === 1) return g.pick(WORDS).repeat(1 + g.int(1000));
  const separators = [' ', '', '  ', '\t', '\n', '(', ')', '"'];
  return Array.from({ length: 1 + g.int(6) }, () => token(g)).join(g.pick(separators));
}

function rawQuery(g: ReturnType<typeof generator>): SearchQuery {
  const strings = (n: number) => Array.from({ length: n }, () => (g.next() < 0.5 ? token(g) : Array.from({ length: 1 + g.int(5) }, () => char(g)).join('')));
  return {
    text: token(g),
    terms: strings(g.int(20)),
    phrases: Array.from({ length: g.int(3) }, () => strings(1 + g.int(3))),
    authors: strings(g.int(3)),
    orgs: strings(g.int(3)),
    since: g.next() < 0.3 ? g.pick(['2025-01-01', "2025' OR 1=1", '', '\u0000']) : undefined,
    minUpvotes: g.next() < 0.3 ? g.pick([0, -1, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 60, 10]) : undefined,
    prefixLast: g.next() < 0.5,
  };
}

let db: Database;
let store: Synchronous<PaperStore>;
let papers: number;

beforeAll(() => {
  db = openDatabase(':memory:');
  store = createSqlitePaperStoreSync(db, { clock: { now: () => RELEVANCE_NOW } });
  papers = store.upsertPapers(loadRelevanceCorpus()).inserted;
  // As `paperboy ingest` leaves the index after a backfill.
  optimizeSearchIndex(db);
}, FUZZ_TIMEOUT_MS);

describe('fuzzing the query path', () => {
  it(`parses and searches ${PARSED_QUERIES} generated queries without an exception`, () => {
    const g = generator(20_260_801);
    let answered = 0;
    let nonEmpty = 0;
    for (let i = 0; i < PARSED_QUERIES; i += 1) {
      const input = fuzzQuery(g);
      const context = `query #${i}: ${JSON.stringify(input.slice(0, 120))}`;
      let query: SearchQuery;
      try {
        query = parseSearchQuery(input, RELEVANCE_NOW);
      } catch (error) {
        throw new Error(`parser threw on ${context}`, { cause: error });
      }
      expect(query.text.length, context).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
      if (isEmptyQuery(query)) continue;
      try {
        const page = store.search(query, { limit: 1 + (i % 20), offset: i % 3 });
        if (!Array.isArray(page.hits) || !Number.isInteger(page.total)) throw new Error('not a page');
        if (i % 10 === 0 && !Array.isArray(store.suggestTitles(input, 5))) throw new Error('not a list');
        answered += 1;
        if (page.hits.length > 0) nonEmpty += 1;
      } catch (error) {
        throw new Error(`store threw on ${context}`, { cause: error });
      }
    }
    // The generator is not degenerate: many queries reach the index and many find something.
    expect(answered).toBeGreaterThan(PARSED_QUERIES / 2);
    expect(nonEmpty).toBeGreaterThan(PARSED_QUERIES / 10);
  }, FUZZ_TIMEOUT_MS);

  it(`searches ${RAW_QUERIES} raw structured queries that bypass the parser without an exception`, () => {
    const g = generator(42);
    for (let i = 0; i < RAW_QUERIES; i += 1) {
      const query = rawQuery(g);
      let page;
      try {
        page = store.search(query, { limit: 5 });
      } catch (error) {
        throw new Error(`store threw on raw query #${i}: ${JSON.stringify(query).slice(0, 200)}`, { cause: error });
      }
      expect(Array.isArray(page.hits)).toBe(true);
    }
  }, FUZZ_TIMEOUT_MS);

  it('leaves every table and paper in place', () => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['papers', 'papers_fts', 'votes', 'ingested_days']));
    expect(store.countPapers()).toBe(papers);
    expect(store.search(parseSearchQuery('memory', RELEVANCE_NOW), { limit: 1 }).hits).toHaveLength(1);
  });
});
