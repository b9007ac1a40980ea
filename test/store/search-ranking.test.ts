import { describe, expect, it } from 'vitest';
import {
  compareRanked,
  foldToken,
  freshness,
  idf,
  occurrences,
  popularity,
  rankScore,
  selectTop,
  type RankRow,
  type RankUnit,
} from '../../src/store/search/search-ranking.js';

const word = (text: string, idfValue = 1): RankUnit => ({ kind: 'word', tokens: [text], idf: idfValue });
const prefix = (text: string): RankUnit => ({ kind: 'prefix', tokens: [text], idf: 1 });
const phrase = (...tokens: string[]): RankUnit => ({ kind: 'phrase', tokens, idf: 1 });

describe('occurrences', () => {
  it.each([
    ['memory agents and memory', word('memory'), 2],
    ['memorybank and memory-augmented', word('memory'), 1],
    ['memorybank and memory-augmented', prefix('memory'), 2],
    ['a short-term memory, a long-term memory', phrase('long', 'term', 'memory'), 1],
    ['long term\u2014memory', phrase('long', 'term', 'memory'), 1],
    ['longterm memory', phrase('long', 'term', 'memory'), 0],
    ['["yann lecun", "ada lovelace"]', phrase('yann', 'lecun'), 1],
    ['kv caches', word('cache'), 0],
    ['σ-mem: online memory', word('σ'), 1],
    ['', word('memory'), 0],
  ])('counts %j for %j as %i', (text, unit, expected) => {
    expect(occurrences(foldToken(text), unit)).toBe(expected);
  });

  it('folds case and Latin diacritics like the index does', () => {
    expect(occurrences(foldToken('Mémoire and MEMOIRE'), word(foldToken('mémoire')))).toBe(2);
  });
});

describe('score parts', () => {
  it('gives rarer words a larger idf, never a negative one', () => {
    expect(idf(1, 1000)).toBeGreaterThan(idf(100, 1000));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
    expect(idf(5, 0)).toBeGreaterThan(0);
  });

  it('lets upvotes and community votes reorder but grows slowly', () => {
    expect(popularity(100, 0)).toBeGreaterThan(popularity(10, 0));
    expect(popularity(0, 3)).toBeGreaterThan(popularity(3, 0));
    expect(popularity(1000, 0)).toBeLessThan(3);
    expect(popularity(-5, -1)).toBe(1);
  });

  it('boosts today most and fades with age', () => {
    expect(freshness('2026-08-01', '2026-08-01')).toBeCloseTo(1.5);
    expect(freshness('2026-05-03', '2026-08-01')).toBeGreaterThan(1);
    expect(freshness('2026-05-03', '2026-08-01')).toBeLessThan(freshness('2026-07-01', '2026-08-01'));
    expect(freshness(null, '2026-08-01')).toBe(1);
    expect(freshness('garbage', '2026-08-01')).toBe(1);
  });

  it('ranks one title mention above an abstract that repeats the word, whatever the upvotes', () => {
    const row = (title: string, upvotes: number): RankRow => ({ id: title, title, authors: '[]', keywords: '[]', upvotes, votes: 0, day: '2026-07-01' });
    const titled = rankScore(row('Memory for agents', 0), 'We study agents.', [word('memory')], '2026-08-01');
    const mentioned = rankScore(row('Agents', 500), 'memory memory memory memory memory memory memory memory memory memory', [word('memory')], '2026-08-01');
    expect(titled).toBeGreaterThan(mentioned);
  });
});

describe('selectTop', () => {
  // mulberry32, so a failure reproduces.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }
  const WORDS = ['memory', 'agents', 'sparse', 'attention', 'model', 'language', 'robot', 'memo', 'long', 'term'];

  it('returns exactly what scoring every row would, for many random archives and queries', () => {
    const next = random(7);
    const pick = (): string => WORDS[Math.floor(next() * WORDS.length)]!;
    const text = (n: number): string => Array.from({ length: n }, pick).join(' ');
    for (let round = 0; round < 60; round += 1) {
      const rows = Array.from({ length: 20 + Math.floor(next() * 200) }, (_, i): RankRow & { abstract: string } => ({
        id: `2601.${String(i).padStart(5, '0')}`,
        title: text(1 + Math.floor(next() * 6)),
        authors: JSON.stringify([text(2)]),
        keywords: JSON.stringify([text(2), text(1)]),
        upvotes: Math.floor(next() * next() * 200),
        votes: Math.floor(next() * 3),
        day: next() < 0.1 ? null : `2026-0${1 + Math.floor(next() * 7)}-1${Math.floor(next() * 9)}`,
        abstract: text(Math.floor(next() * 80)),
      }));
      const units = [word(pick(), 0.5 + next() * 3), next() < 0.5 ? prefix(pick().slice(0, 3)) : phrase(pick(), pick())].slice(0, 1 + Math.floor(next() * 2));
      const k = 1 + Math.floor(next() * 40);
      const expected = rows
        .map((row) => ({ row, score: rankScore(row, row.abstract, units, '2026-08-01') }))
        .sort(compareRanked)
        .slice(0, k)
        .map((entry) => entry.row.id);
      let read = 0;
      const top = selectTop(rows, units, '2026-08-01', k, (batch) => {
        read += batch.length;
        return batch.map((row) => row.abstract);
      }, 8);
      expect(top.map((entry) => entry.row.id), `round ${round}`).toEqual(expected);
      expect(read).toBeLessThanOrEqual(rows.length);
    }
  });

  it('leaves out rows whose abstract comes back as not matching', () => {
    const rows: RankRow[] = ['a', 'b', 'c'].map((id) => ({ id, title: 'memory', authors: '[]', keywords: '[]', upvotes: 0, votes: 0, day: null }));
    const top = selectTop(rows, [word('memory')], '2026-08-01', 3, (batch) => batch.map((row) => (row.id === 'b' ? null : '')));
    expect(top.map((entry) => entry.row.id)).toEqual(['a', 'c']);
  });

  it('reads no abstract when a query has no words (filters only)', () => {
    const rows: RankRow[] = [1, 5, 3].map((upvotes) => ({ id: String(upvotes), title: 'x', authors: '[]', keywords: '[]', upvotes, votes: 0, day: null }));
    expect(selectTop(rows, [], '2026-08-01', 2, (batch) => batch.map(() => '')).map((entry) => entry.row.id)).toEqual(['5', '3']);
  });
});
