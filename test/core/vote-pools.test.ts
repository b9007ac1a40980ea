/**
 * Vote pools, through the use cases and vote edits on real SQLite: one paper posted in two
 * Discord servers and a Slack workspace, voted on in each, under the three pool settings.
 * Each count, `/paperboy top` and search says whose votes it shows, and a vote only edits the
 * posts of its own pool.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef, Community } from '../../src/core/channels.js';
import { createDomainEvents } from '../../src/core/events.js';
import { createUseCases } from '../../src/core/use-cases.js';
import { createVotePools, type VotePoolSetting } from '../../src/core/votes/pools.js';
import { silentLogger } from '../../src/logger.js';
import { createVoteEdits } from '../../src/scheduler/vote-edits.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster } from '../support/recording-poster.js';

const PAPER = '2606.00001';
const G1: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const G2: ChannelRef = { platform: 'discord', workspaceId: 'G2', channelId: 'C2' };
const T1: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C3' };
const clock = { now: () => new Date('2026-06-13T09:00:00Z') };

async function setup(setting: VotePoolSetting) {
  const stores = createSqliteStores(openDatabase(':memory:'));
  await stores.papers.upsertPapers([makePaper(PAPER, { title: 'Pooled attention for votes' })]);
  for (const channel of [G1, G2, T1]) {
    await stores.ledger.beginPost({ channel, paperId: PAPER, at: 't' });
    await stores.ledger.markSent(channel, PAPER, { messageId: `M-${channel.channelId}`, messageChannelId: channel.channelId }, 't');
  }
  const posters = { discord: recordingPoster(), slack: recordingPoster() };
  const pools = createVotePools(setting, ['discord', 'slack']);
  const events = createDomainEvents();
  const useCases = createUseCases({
    stores, posters, events, clock, pools,
    defaults: { time: '09:00', timezone: 'UTC', maxPapers: 5, minUpvotes: 0, filter: '', cadence: 'daily', thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false },
    search: { liveBudgetMs: 0, cacheTtlMs: 0, liveLimit: 0 },
  });
  const voteEdits = createVoteEdits({ ...stores, posters, events, logger: silentLogger(), intervalMs: 0, editsPerMinute: 60_000, pools });
  const react = (channel: ChannelRef, userId: string) =>
    useCases.reaction({ channel, messageId: `M-${channel.channelId}`, userId, isBot: false, isUpvoteEmoji: true, added: true });
  /** What each message was last edited to, as `message: count where`. */
  const edited = async () => {
    await voteEdits.idle();
    return Object.fromEntries(Object.values(posters).flatMap((poster) => poster.updates()).map((edit) => [edit.messageId, `${edit.votes} ${edit.votesWhere ?? ''}`]));
  };
  const searched = async (community: Community) => {
    const result = await useCases.searchPapers({ text: 'pooled attention', page: 0, pageSize: 5 }, community);
    return `${result.hits[0]?.votes ?? 0} ${result.votesWhere ?? ''}`;
  };
  return { stores, useCases, react, edited, searched };
}

describe('vote pools', () => {
  it('install: one pool across Discord and Slack; a person voting in two servers counts once', async () => {
    const { useCases, react, edited, searched } = await setup({ mode: 'install' });
    expect(await react(G1, 'alice')).toMatchObject({ status: 'recorded', votes: 1, where: 'across Discord and Slack' });
    expect(await react(G2, 'alice')).toMatchObject({ status: 'recorded', votes: 1 });
    expect(await react(T1, 'carol')).toMatchObject({ status: 'recorded', votes: 2, where: 'across Discord and Slack' });
    expect(await edited()).toEqual({ 'M-C1': '2 across Discord and Slack', 'M-C2': '2 across Discord and Slack', 'M-C3': '2 across Discord and Slack' });
    const top = await useCases.top(G2, 'all');
    expect(top.where).toBe('across Discord and Slack');
    expect(top.entries.map((entry) => [entry.paper.id, entry.votes])).toEqual([[PAPER, 2]]);
    expect(await searched(T1)).toBe('2 across Discord and Slack');
  });

  it('community: each server and workspace counts, shows and edits only its own votes', async () => {
    const { useCases, react, edited, searched } = await setup({ mode: 'community' });
    expect(await react(G1, 'alice')).toMatchObject({ votes: 1, where: 'in this server' });
    expect(await react(G1, 'bob')).toMatchObject({ votes: 2, where: 'in this server' });
    expect(await react(T1, 'carol')).toMatchObject({ votes: 1, where: 'in this workspace' });
    // G2 had no vote: its post was never edited.
    expect(await edited()).toEqual({ 'M-C1': '2 in this server', 'M-C3': '1 in this workspace' });
    expect((await useCases.top(G1, 'all')).entries.map((entry) => entry.votes)).toEqual([2]);
    expect(await useCases.top(G2, 'all')).toEqual({ entries: [], where: 'in this server' });
    expect((await useCases.top(T1, 'week')).entries.map((entry) => entry.votes)).toEqual([1]);
    expect(await searched({ platform: 'discord', workspaceId: 'G2' })).toBe('0 in this server');
    expect(await searched({ platform: 'discord', workspaceId: 'G1' })).toBe('2 in this server');
  });

  it('groups: named groups share votes across platforms; a community in no group keeps its own', async () => {
    const { useCases, react, edited, searched } = await setup({ mode: 'groups', groups: { lab: ['discord:G1', 'slack:T1'] } });
    expect(await react(G1, 'alice')).toMatchObject({ votes: 1, where: 'across the lab group' });
    expect(await react(T1, 'carol')).toMatchObject({ votes: 2, where: 'across the lab group' });
    expect(await react(G2, 'dave')).toMatchObject({ votes: 1, where: 'in this server' });
    expect(await edited()).toEqual({ 'M-C1': '2 across the lab group', 'M-C3': '2 across the lab group', 'M-C2': '1 in this server' });
    expect((await useCases.top(T1, 'all')).entries.map((entry) => entry.votes)).toEqual([2]);
    expect((await useCases.top(G2, 'all')).entries.map((entry) => entry.votes)).toEqual([1]);
    expect(await searched({ platform: 'slack', workspaceId: 'T1' })).toBe('2 across the lab group');
  });

  it('refuses a community in two groups and a member that names no platform', () => {
    expect(() => createVotePools({ mode: 'groups', groups: { a: ['discord:G1'], b: ['discord:G1'] } }, ['discord'])).toThrow(/two vote groups/u);
    expect(() => createVotePools({ mode: 'groups', groups: { a: ['G1'] } }, ['discord'])).toThrow(/discord:<server id>/u);
  });

  it('says "across all servers" when the install runs Discord only', () => {
    expect(createVotePools({ mode: 'install' }, ['discord']).poolOf({ platform: 'discord', workspaceId: 'G1' }).where).toBe('across all servers');
  });
});
