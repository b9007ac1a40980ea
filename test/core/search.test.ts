import { describe, expect, it } from 'vitest';
import { isEmptyQuery, MAX_QUERY_LENGTH, parseSearchQuery } from '../../src/core/search.js';

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
    ['since:yesterday memory', { since: undefined, terms: ['memory'] }],
    ['min:-3 memory', { minUpvotes: undefined }],
    ['NEAR(memory, agents) AND -foo OR *', { terms: ['near', 'memory', 'agents', 'and', 'foo', 'or'] }],
    ["'; DROP TABLE papers; --", { terms: ['drop', 'table', 'papers'] }],
    ['Σ-Mem β-OPSD', { terms: ['σ', 'mem', 'β', 'opsd'] }],
  ])('parses %j', (input, expected) => {
    expect(parseSearchQuery(input, NOW)).toMatchObject(expected);
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
  });
});
