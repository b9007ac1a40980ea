import { describe, expect, it } from 'vitest';
import { discordPageButtonId, parseDiscordPageButtonId } from '../../src/formatter/paging.js';

const userId = '4000000000000000004';

describe('paging button ids', () => {
  it('carry a short search whole, colons, quotes and accents included, and read back the same', () => {
    const search = { key: 'k1', query: 'author:"Yann LeCun" mémoire since:7d', pageSize: 5, userId };
    const id = discordPageButtonId(search, 3);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseDiscordPageButtonId(id)).toEqual({ kind: 'inline', page: 3, pageSize: 5, userId, query: search.query });
  });

  it('use the session key when the search does not fit, for every page of it alike', () => {
    const query = 'x'.repeat(100 - 'papers:page:q:000000:5::'.length - userId.length + 1);
    const ids = [0, 9, 10, 999].map((page) => discordPageButtonId({ key: 'k1', query, pageSize: 5, userId }, page));
    expect(ids.map(parseDiscordPageButtonId)).toEqual([0, 9, 10, 999].map((page) => ({ kind: 'session', key: 'k1', page })));
    const fits = query.slice(1);
    expect([0, 999_999].map((page) => parseDiscordPageButtonId(discordPageButtonId({ key: 'k1', query: fits, pageSize: 5, userId }, page))?.kind)).toEqual(['inline', 'inline']);
    expect(discordPageButtonId({ key: 'k1', query: fits, pageSize: 5, userId }, 999_999)).toHaveLength(100);
  });

  it('refuse anything else', () => {
    for (const id of ['papers:page', 'papers:page:q:1:5:memory', 'papers:page:q:x:5:1:memory', 'papers:page:k1:', 'papers:page:k 1:2', 'other:page:k1:2']) {
      expect(parseDiscordPageButtonId(id)).toBeUndefined();
    }
  });
});
