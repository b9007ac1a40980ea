import { describe, expect, it } from 'vitest';
import { isEmptyQuery, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseFilterQuery, parseSearchQuery } from '../../src/core/search/query.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('parseSearchQuery', () => {
  it.each([
    ['memory', { terms: ['memory'], phrases: [], prefixLast: true }],
    ['memory agents ', { terms: ['memory', 'agents'], prefixLast: false }],
    ['"sparse attention" kernels', { terms: ['kernels'], phrases: [['sparse', 'attention']] }],
    ['"unbalanced quote', { phrases: [['unbalanced', 'quote']] }],
    ['author:"Yann LeCun" world models', { authors: ['yann lecun'], terms: ['world', 'models'] }],
    ['author:lecun', { authors: ['lecun'], terms: [] }],
    ['org:NVIDIA diffusion', { orgs: ['nvidia'], terms: ['diffusion'] }],
    ['min:20 agents', { minUpvotes: 20, terms: ['agents'] }],
    ['since:2025-01-01 memory', { since: '2025-01-01' }],
    ['since:7d memory', { since: '2026-06-08' }],
    ['since:2w', { since: '2026-06-01' }],
    ['since:yesterday memory', { since: '2026-06-14', terms: ['memory'] }],
    ['since:someday memory', { since: undefined, terms: ['memory'] }],
    ['since:2025 agents', { since: '2025-01-01' }],
    ['since:2025-03', { since: '2025-03-01' }],
    ['since:2025-13', { since: undefined }],
    ['since:today', { since: '2026-06-15' }],
    ['since:2024-01-01 since:30d', { since: '2026-05-16' }],
    ['min:5 min:20', { minUpvotes: 20 }],
    ['MIN:7 Author:LeCun', { minUpvotes: 7, authors: ['lecun'] }],
    ['min:-3 memory', { minUpvotes: undefined }],
    ['NEAR(memory, agents) AND -foo OR *', { terms: ['near', 'memory', 'agents', 'and', 'foo', 'or'] }],
    ["'; DROP TABLE papers; --", { terms: ['drop', 'table', 'papers'] }],
    ['Σ-Mem β-OPSD', { terms: ['σ', 'mem', 'β', 'opsd'] }],
  ])('parses %j', (input, expected) => {
    expect(parseSearchQuery(input, NOW)).toMatchObject(expected);
  });

  it.each([
    ['memory author:lecun', false],
    ['memory min:20', false],
    ['memory "sparse attention"', false],
    ['memory agen', true],
    ['memory agents ', false],
    ['memory a', false],
    ['memory gpt-4o', true],
    ['memory-', false],
    ['C++', false],
  ])('prefix-matches the last word of %j only while it is being typed: %s', (input, prefixLast) => {
    expect(parseSearchQuery(input, NOW).prefixLast).toBe(prefixLast);
  });

  it('moves the word being typed to the end, where the prefix applies, without repeating it', () => {
    expect(parseSearchQuery('memory agents memo', NOW)).toMatchObject({ terms: ['memory', 'agents', 'memo'], prefixLast: true });
    expect(parseSearchQuery('memory agents memory', NOW)).toMatchObject({ terms: ['agents', 'memory'], prefixLast: true });
    const many = parseSearchQuery(`${Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')} typin`, NOW);
    expect(many.terms).toHaveLength(MAX_QUERY_TERMS);
    expect(many.terms.at(-1)).toBe('typin');
  });

  it('drops zero-width and control characters instead of treating them as words', () => {
    const query = parseSearchQuery('mem\u200bory\u0000 \u202eagents\u0007', NOW);
    expect(query.terms).toEqual(['mem', 'ory', 'agents']);
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(query.text).not.toMatch(/[\u0000-\u001f\u200b\u202e]/u);
  });

  it('caps very long input and never throws', () => {
    const query = parseSearchQuery('memory '.repeat(1000), NOW);
    expect(query.text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(query.terms).toEqual(['memory']);
  });

  it('treats emoji-only and empty input as an empty query', () => {
    for (const input of ['', '   ', '🧠🔥', '""', '***', 'author:', '\u200b\u200b']) {
      expect(isEmptyQuery(parseSearchQuery(input, NOW)), input).toBe(true);
    }
    expect(isEmptyQuery(parseSearchQuery('min:50', NOW))).toBe(false);
  });

  it('survives lone surrogates and odd Unicode', () => {
    expect(() => parseSearchQuery('\ud800memory\udfff 👩‍👩‍👧‍👦 🇺🇸 e\u0301', NOW)).not.toThrow();
    expect(parseSearchQuery('\ud800memory\udfff', NOW).terms).toEqual(['memory']);
    expect(parseSearchQuery('mem\ud800ory', NOW).terms).toEqual(['mem', 'ory']);
    expect(parseSearchQuery('🧠 memory', NOW).terms).toEqual(['memory']);
  });
});

describe('OR in the search language', () => {
  it.each([
    ['agents OR robotics', { terms: [], anyOf: [[{ kind: 'word', word: 'agents' }, { kind: 'word', word: 'robotics' }]] }],
    ['memory agents OR robotics', { terms: ['memory'], anyOf: [[{ kind: 'word', word: 'agents' }, { kind: 'word', word: 'robotics' }]] }],
    ['"sparse attention" OR gan OR gpt-4o', {
      phrases: [],
      anyOf: [[{ kind: 'phrase', words: ['sparse', 'attention'] }, { kind: 'word', word: 'gan' }, { kind: 'phrase', words: ['gpt', '4o'] }]],
    }],
    ['author:lecun OR author:"Yoshua Bengio" memory', { authors: [], terms: ['memory'], anyOf: [[{ kind: 'author', name: 'lecun' }, { kind: 'author', name: 'yoshua bengio' }]] }],
    ['a OR b c OR d', { terms: [], anyOf: [[{ kind: 'word', word: 'a' }, { kind: 'word', word: 'b' }], [{ kind: 'word', word: 'c' }, { kind: 'word', word: 'd' }]] }],
    ['org:nvidia OR org:google', { orgs: ['nvidia', 'google'] }],
    ['rock or roll', { terms: ['rock', 'or', 'roll'] }],
  ])('parses %j', (input, expected) => {
    const query = parseSearchQuery(`${input} `, NOW);
    expect(query).toMatchObject(expected);
    if (!('anyOf' in expected)) expect(query.anyOf).toBeUndefined();
  });

  it('keeps a stray OR as a word in a search box, as before, and never prefixes an alternative', () => {
    expect(parseSearchQuery('memory OR', NOW)).toMatchObject({ terms: ['memory', 'or'] });
    expect(parseSearchQuery('memory OR', NOW).anyOf).toBeUndefined();
    expect(parseSearchQuery('OR memory ', NOW)).toMatchObject({ terms: ['or', 'memory'] });
    expect(parseSearchQuery('memory OR agen', NOW)).toMatchObject({ terms: [], prefixLast: false });
    expect(isEmptyQuery(parseSearchQuery('agents OR robotics', NOW))).toBe(false);
  });
});

describe('parseFilterQuery', () => {
  it('parses a digest filter without prefix matching and without problems', () => {
    const { query, problems } = parseFilterQuery('"sparse attention" OR memory author:lecun min:5 agen', NOW);
    expect(problems).toEqual([]);
    expect(query).toMatchObject({ terms: ['agen'], authors: ['lecun'], minUpvotes: 5, prefixLast: false });
  });

  it.each([
    ['memory OR', /OR must stand between two/u],
    ['OR memory', /OR must stand between two/u],
    ['memory OR OR agents', /OR must stand between two/u],
    ['memory OR author:lecun', /OR joins words and phrases, or author: names/u],
    ['min:lots memory', /min:lots is not a whole number/u],
    ['since:someday', /since:someday is not a date/u],
    ['author: memory', /author: needs a value/u],
    ['author:!!!', /author:!!! has no letters/u],
    ['!!! ***', /has no letters or digits, so it can never match/u],
    ['"🧠"', /has no letters or digits/u],
    [`memory ${'x'.repeat(300)}`, /longer than 250 characters/u],
  ])('says what is wrong with %j', (input, problem) => {
    const { problems } = parseFilterQuery(input, NOW);
    expect(problems.join(' ')).toMatch(problem);
  });
});
