/**
 * What giving every existing vote a community must leave, in SQLite (migration 8) and PostgreSQL
 * (migration 7) alike: the posts and votes before, the vote rows after, and the pool counts.
 */
import { expect } from 'vitest';
import type { VoteStore } from '../../src/core/ports.js';

/** Sent posts before the migration: platform, workspace, channel, paper. */
export const POSTS_BEFORE: readonly (readonly [string, string, string, string])[] = [
  ['discord', 'G1', 'C1', 'p-one-server'],
  ['discord', 'G1', 'C1', 'p-two-servers'],
  ['discord', 'G2', 'C2', 'p-two-servers'],
  ['slack', 'T1', 'C3', 'p-one-server'],
];

/** Votes before the migration, without a community: platform, user, paper. */
export const VOTES_BEFORE: readonly (readonly [string, string, string])[] = [
  ['discord', 'U1', 'p-one-server'],
  ['slack', 'U2', 'p-one-server'],
  ['discord', 'U1', 'p-two-servers'],
  ['discord', 'U3', 'p-never-posted'],
];

/** Every vote kept, ordered by paper and platform. */
export const VOTE_ROWS_AFTER = [
  { platform: 'discord', workspace: '', user: 'U3', paper: 'p-never-posted' },
  { platform: 'discord', workspace: 'G1', user: 'U1', paper: 'p-one-server' },
  { platform: 'slack', workspace: 'T1', user: 'U2', paper: 'p-one-server' },
  { platform: 'discord', workspace: '', user: 'U1', paper: 'p-two-servers' },
];

export const VOTE_ROWS_SQL = 'SELECT platform, workspace_id AS workspace, user_id AS user, paper_id AS paper FROM votes ORDER BY paper, platform';

export async function expectPoolCounts(votes: VoteStore): Promise<void> {
  expect(await votes.countVotes('p-one-server')).toBe(2);
  expect(await votes.countVotes('p-one-server', [{ platform: 'discord', workspaceId: 'G1' }])).toBe(1);
  expect(await votes.countVotes('p-two-servers', [{ platform: 'discord', workspaceId: 'G1' }])).toBe(0);
  expect(await votes.countVotes('p-two-servers')).toBe(1);
}
