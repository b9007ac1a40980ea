import { describe, expect, it } from 'vitest';
import { isEmptyQuery, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery } from '../../src/core/search/query.js';

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
