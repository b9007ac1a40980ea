import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperStore } from '../../src/core/ports.js';
import type { Synchronous } from '../../src/store/promised.js';
import { parseSearchQuery, type SearchQuery } from '../../src/core/search/query.js';
import { ftsString, textMatchExpression } from '../../src/store/sqlite/search/paper-search.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { openDatabase, type Database } from '../../src/store/sqlite/database.js';
import { fixtureClock, loadFixturePapers, makePaper } from '../support/papers.js';

const fixture = loadFixturePapers();
const MEMORY_PAPERS = ['2606.13174', '2606.10896', '2606.10423', '2606.13572', '2606.13392'];
let db: Database;
let store: Synchronous<PaperStore>;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = createSqlitePaperStoreSync(db, { clock: fixtureClock });
  store.upsertPapers(fixture);
});

afterEach(() => {
  db.close();
});

const parse = (text: string): SearchQuery => parseSearchQuery(text, fixtureClock.now());
const search = (text: string, limit = 50, offset = 0) => store.search(parse(text), { limit, offset });
const ids = (text: string): string[] => search(text).hits.map((hit) => hit.paper.id);
const rawQuery = (fields: Partial<SearchQuery>): SearchQuery => ({
  text: '',
  terms: [],
  phrases: [],
  authors: [],
  orgs: [],
  prefixLast: false,
  ...fields,
});

describe('ranked search', () => {
  it('puts EvoArena first for "memory" and finds the other memory papers', () => {
    const page = search('memory ');
    expect(page.hits[0]?.paper.id).toBe('2606.13681');
    expect(page.hits[0]?.paper.title).toMatch(/^EvoArena: Tracking Memory Evolution/);
    expect(page.hits.map((hit) => hit.paper.id)).toEqual(expect.arrayContaining(MEMORY_PAPERS));
    expect(page.total).toBe(page.hits.length);
    const scores = page.hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('ranks a title match above an abstract-only match with far more upvotes', () => {
    const order = ids('memory ');
    // Flash-GMM has "Memory" in its title and 2 upvotes; MiniMax mentions memory once in its abstract, 103 upvotes.
    expect(order.indexOf('2606.10896')).toBeLessThan(order.indexOf('2606.13392'));
  });

  it('needs every term to match', () => {
    expect(ids('memory kernel clustering')).toEqual(['2606.10896']);
  });

  it('falls back to any term when no paper has them all', () => {
    const page = search('memory agents zzzunknownword ');
    expect(page.total).toBeGreaterThan(MEMORY_PAPERS.length);
    expect(page.hits[0]?.paper.id).toBe('2606.13681');
    expect(page.partial).toBe(true);
    expect(search('memory').partial).toBe(false);
  });

  it('matches a quoted phrase only as a phrase', () => {
    expect(ids('"sparse attention"')[0]).toBe('2606.13392');
    expect(ids('"attention sparse"')).not.toContain('2606.13392');
  });

  it('matches the last term as a prefix while it is being typed', () => {
    const typing = ids('memo');
    expect(typing[0]).toBe('2606.13681');
    expect(typing).toEqual(expect.arrayContaining(MEMORY_PAPERS));
    expect(ids('evoarena trac')).toEqual(['2606.13681']);
  });

  it('folds case and diacritics', () => {
    expect(ids('MEMORY')[0]).toBe('2606.13681');
    expect(ids('mémory')[0]).toBe('2606.13681');
  });

  it('searches AI keywords and author names too', () => {
    expect(ids('kocielnik')).toEqual(expect.arrayContaining(['2606.00467', '2606.12730']));
    expect(ids('"decision stickiness"')).toEqual(['2606.00467']);
  });
});

describe('filters', () => {
  it('keeps papers by an author, prefix-matched, ignoring case and diacritics', () => {
    expect(ids('author:kocielnik')).toEqual(['2606.12730', '2606.00467']);
    expect(ids('author:kociel')).toEqual(['2606.12730', '2606.00467']);
    expect(ids('author:boglarka')).toEqual(['2606.11409']);
    expect(ids('author:"Colin Raffel"')).toEqual(['2606.11409']);
    expect(ids('memory author:kocielnik')).toEqual([]);
  });

  it('keeps papers of an organization by slug or full name', () => {
    expect(ids('memory org:mit')).toEqual(['2606.13681']);
    expect(ids('org:MIT')).toEqual(['2606.13681']);
    expect(ids('org:ibm-research')).toEqual(['2606.10896']);
    expect(ids('org:"California institute"')).toEqual(['2606.00467']);
    expect(ids('org:nobody')).toEqual([]);
  });

  it('keeps papers with at least min upvotes, by upvotes when there are no words', () => {
    const page = search('min:50');
    expect(page.hits.map((hit) => hit.paper.id)).toEqual(['2606.13681', '2606.13392', '2606.08063']);
    expect(page.total).toBe(3);
    expect(ids('memory min:100')).toEqual(['2606.13681', '2606.13392']);
  });

  it('keeps papers whose arXiv date or papers-day is on or after since', () => {
    store.upsertPapers([
      makePaper('2401.00001', { title: 'Old memory paper', publishedOn: '2024-01-02' }),
      makePaper('2606.90001', { title: 'Recent memory preprint', publishedOn: '2026-06-10' }),
      makePaper('2401.00002', { title: 'Old memory paper on a recent day', publishedOn: '2024-01-02', papersDay: '2026-06-11' }),
    ]);
    const recent = ids('memory since:2026-06-01');
    expect(recent).toEqual(expect.arrayContaining(['2606.90001', '2401.00002', '2606.13681']));
    expect(recent).not.toContain('2401.00001');
    expect(ids('memory since:2023-01-01')).toContain('2401.00001');
    expect(ids('since:2026-06-13')).toEqual([]);
  });

  it('returns nothing for an author filter without letters', () => {
    expect(store.search(rawQuery({ authors: ['!!!'] }), { limit: 10 })).toEqual({ hits: [], total: 0 });
  });
});

describe('hostile input', () => {
  const hostile = [
    '',
    '   ',
    'x'.repeat(5000),
    'memory '.repeat(700),
    '"',
    '""',
    '"memory',
    '*',
    'memory*',
    'NEAR(',
    'NEAR(memory agents, 2)',
    '-',
    '-memory',
    'AND',
    'OR',
    'NOT',
    'memory AND',
    'OR memory',
    ')',
    '(',
    '^memory',
    'title:memory',
    'papers_fts:memory',
    "'; DROP TABLE papers; --",
    'memory"; DROP TABLE papers; --',
    '😀🔥 memory 🚀',
    'mem\u200bory',
    '\u200b\u200c\u200d\ufeff',
    '\ud800',
    'memory \udfff',
    '\u0000',
    'author:',
    'author:"',
    'author:*',
    'author:NEAR(',
    'org:\'; DROP TABLE papers; --',
    'since:NaN',
    'min:-1',
    'min:1e400',
  ];

  it.each(hostile.map((text) => [JSON.stringify(text).slice(0, 40), text]))('survives %s', (_label, text) => {
    expect(() => search(text)).not.toThrow();
    expect(() => store.suggestTitles(text, 10)).not.toThrow();
    expect(Array.isArray(store.suggestTitles(text, 10))).toBe(true);
  });

  it('treats FTS operators and quotes as plain text even when they bypass the parser', () => {
    const terms = ['"', 'NEAR(', '*', '-', 'AND', 'OR', 'NOT', ')', ':', 'title:', '^', '""*', 'memory"', 'x" OR "y', '\ud800', 'memory\udfff', 'a\u0000b'];
    for (const term of terms) {
      expect(() => store.search(rawQuery({ terms: [term], prefixLast: true }), { limit: 5 })).not.toThrow();
      expect(() => store.search(rawQuery({ terms: ['memory', term] }), { limit: 5 })).not.toThrow();
      expect(() => store.search(rawQuery({ phrases: [[term, term]], authors: [term], orgs: [term] }), { limit: 5 })).not.toThrow();
    }
    expect(store.search(rawQuery({ terms: ['memory"'] }), { limit: 50 }).hits[0]?.paper.id).toBe('2606.13681');
    expect(store.search(rawQuery({ terms: ['!!!'], minUpvotes: 50 }), { limit: 5 })).toEqual({ hits: [], total: 0 });
  });

  it('still has its tables and data after every hostile query', () => {
    for (const text of hostile) search(text);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['papers', 'papers_fts']));
    expect(store.countPapers()).toBe(30);
    expect(ids('memory')[0]).toBe('2606.13681');
  });
});

describe('FTS quoting', () => {
  it('wraps text in double quotes and doubles the quotes inside', () => {
    expect(ftsString('memory')).toBe('"memory"');
    expect(ftsString('a"b')).toBe('"a""b"');
    expect(ftsString('"')).toBe('""""');
    expect(ftsString('NEAR(')).toBe('"NEAR("');
    expect(ftsString('a\u0000b')).toBe('"a b"');
  });

  it('ANDs quoted terms and phrases and stars only the last free term', () => {
    expect(textMatchExpression(parse('memory "sparse attention" agen'), 'AND')).toBe(
      '"memory" AND "agen"* AND "sparse attention"',
    );
    expect(textMatchExpression(parse('memory agents '), 'OR')).toBe('"memory" OR "agents"');
    expect(textMatchExpression(rawQuery({ terms: ['!!!', '😀'] }), 'AND')).toBeUndefined();
  });
});

describe('MATCH expressions', () => {
  it('are always accepted by FTS5, whatever the terms hold', () => {
    const alphabet = ['"', "'", '*', '(', ')', ':', '-', '+', '^', '{', '}', ' ', 'AND', 'OR', 'NOT', 'NEAR', 'a', 'é', '😀', '\u0000', '\ud800', '\u200b'];
    // mulberry32: a seeded generator, so a failure reproduces.
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const word = (): string => Array.from({ length: 1 + next(6) }, () => alphabet[next(alphabet.length)]!).join('');
    const count = db.prepare('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();
    for (let i = 0; i < 500; i += 1) {
      const query = rawQuery({
        terms: Array.from({ length: 1 + next(4) }, word),
        phrases: [[word(), word()]],
        prefixLast: next(2) === 0,
      });
      for (const join of ['AND', 'OR'] as const) {
        const match = textMatchExpression(query, join);
        if (match !== undefined) expect(() => count.get(match)).not.toThrow();
      }
    }
  });
});
