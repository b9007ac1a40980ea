import { describe, expect, it } from 'vitest';
import type { Follow } from '../../src/core/follows/follow.js';
import { matchFollows } from '../../src/core/follows/match.js';
import { makePaper } from '../support/papers.js';

const NOW = new Date('2026-06-13T02:00:00Z');
let ids = 0;
const follow = (userId: string, query: string, platform: Follow['platform'] = 'discord'): Follow => {
  ids += 1;
  return { id: ids, platform, userId, workspaceId: 'G1', query, createdAt: NOW.toISOString() };
};

const SSM = makePaper('2606.00001', {
  title: 'Selective State Space Models at Scale', abstract: 'We scale Mamba-style models.', keywords: ['sequence modeling'],
  authors: ['Albert Gu', 'Tri Dao'], upvotes: 40, organization: { name: 'cartesia', fullname: 'Cartesia AI' }, papersDay: '2026-06-12',
});
const AGENTS = makePaper('2606.00002', {
  title: 'Memory for Agents', abstract: 'Long-term mémoire for LLM agents.', authors: ['Yann LeCun', 'Ada Lovelace'], upvotes: 12,
  organization: { name: 'nvidia', fullname: 'NVIDIA' }, papersDay: '2026-06-12',
});
const DAY = [SSM, AGENTS];
const matched = (query: string): string[] => [...(matchFollows([follow('u', query)], DAY, NOW).get('discord:u')?.papers ?? [])].map((paper) => paper.id);

describe('matchFollows', () => {
  it.each([
    ['a word in the title', 'mamba', ['2606.00001']],
    ['every word, in any field', 'memory agents', ['2606.00002']],
    ['a word in the keywords', 'sequence', ['2606.00001']],
    ['a phrase in order', '"state space models"', ['2606.00001']],
    ['a phrase out of order, not', '"space state"', []],
    ['accents folded', 'memoire', ['2606.00002']],
    ['an author by full name', 'author:"Yann LeCun"', ['2606.00002']],
    ['an author by last name, any case', 'author:DAO', ['2606.00001']],
    ['an org slug', 'org:nvidia', ['2606.00002']],
    ['part of an org full name', 'org:cartesia', ['2606.00001']],
    ['a minimum of upvotes', 'min:20', ['2606.00001']],
    ['words with a minimum', 'memory agents min:20', []],
    ['a word no paper has', 'xylophone', []],
  ])('matches %s', (_label, query, expected) => {
    expect(matched(query)).toEqual(expected);
  });

  it('lists each person once with every paper any of their follows matched, most upvoted first, and leaves out people without matches', () => {
    const follows = [follow('alice', 'org:nvidia'), follow('alice', 'mamba'), follow('alice', 'agents'), follow('bob', 'xylophone'), follow('alice', 'mamba', 'slack')];
    const people = matchFollows(follows, DAY, NOW);
    expect([...people.keys()].sort()).toEqual(['discord:alice', 'slack:alice']);
    expect(people.get('discord:alice')?.papers.map((paper) => paper.id)).toEqual(['2606.00001', '2606.00002']);
    expect(people.get('discord:alice')?.follows).toHaveLength(3);
  });

  it('skips a follow with nothing to match instead of matching everything', () => {
    expect(matchFollows([follow('u', '"'), follow('u', '   ')], DAY, NOW).size).toBe(0);
  });
});
