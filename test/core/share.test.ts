import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { createDomainEvents } from '../../src/core/events.js';
import { shareKey } from '../../src/core/posts.js';
import { createUseCases } from '../../src/core/use-cases.js';
import { createVotePools } from '../../src/core/votes/pools.js';
import { createVoteEdits } from '../../src/scheduler/vote-edits.js';
import { silentLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster, sendFailure } from '../support/recording-poster.js';

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
let now = new Date('2026-06-13T10:00:00Z');
const clock = { now: () => now };
const paper = makePaper('2606.00001', { upvotes: 4 });

async function setup(options: { perCommunity?: boolean } = {}) {
  now = new Date('2026-06-13T10:00:00Z');
  const stores = createSqliteStores(openDatabase(':memory:'));
  await stores.papers.upsertPapers([paper]);
  const poster = recordingPoster();
  const events = createDomainEvents();
  const useCases = createUseCases({
    stores, posters: { slack: poster }, events, clock,
    ...(options.perCommunity === true ? { pools: createVotePools({ mode: 'community' }, ['slack']) } : {}),
    defaults: { time: '09:00', timezone: 'UTC', maxPapers: 10, minUpvotes: 0, thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, filter: '', cadence: 'daily' },
    search: { liveBudgetMs: 100, cacheTtlMs: 0, liveLimit: 5 },
  });
  return { stores, poster, useCases, events };
}

describe('sharing a paper into a channel', () => {
  it('posts the card attributed to the sharer with its upvote reaction, and records it under the day\'s share key', async () => {
    const { stores, poster, useCases } = await setup();
    const outcome = await useCases.sharePaper(channel, 'U7', paper.id);
    expect(outcome).toMatchObject({ status: 'shared', paper: { id: paper.id } });
    const [sent] = poster.sentPapers();
    expect(sent).toMatchObject({ paperId: paper.id, sharedBy: 'U7', votes: 0 });
    expect(poster.calls.map((call) => call.kind)).toEqual(['paper', 'reaction']);
    expect(await stores.ledger.findPost(channel, shareKey('2026-06-13', paper.id))).toMatchObject({ state: 'sent', sharedBy: 'U7', messageId: sent?.result.messageId });
  });

  it('points a second share that day to the first post, and shares again the next day', async () => {
    const { poster, useCases } = await setup();
    const first = await useCases.sharePaper(channel, 'U7', paper.id);
    const second = await useCases.sharePaper(channel, 'U8', paper.id);
    expect(second).toMatchObject({ status: 'already_shared', sharedBy: 'U7' });
    if (first.status !== 'shared' || second.status !== 'already_shared') throw new Error('unexpected');
    expect(second.message.messageId).toBe(first.message.messageId);
    expect(second.link).toBe(`link:C1/${first.message.messageId}`);
    expect(poster.sentPapers()).toHaveLength(1);
    now = new Date('2026-06-14T00:30:00Z');
    expect((await useCases.sharePaper(channel, 'U8', paper.id)).status).toBe('shared');
    expect(poster.sentPapers().map((call) => call.sharedBy)).toEqual(['U7', 'U8']);
  });

  it('counts a reaction on a shared card as a vote for its paper, and refreshes the card keeping who shared it', async () => {
    const { stores, poster, useCases, events } = await setup();
    const edits = createVoteEdits({ ...stores, posters: { slack: poster }, events, logger: silentLogger(), intervalMs: 0 });
    const shared = await useCases.sharePaper(channel, 'U7', paper.id);
    if (shared.status !== 'shared') throw new Error('not shared');
    const vote = await useCases.reaction({ channel, messageId: shared.message.messageId, userId: 'U9', isBot: false, isUpvoteEmoji: true, added: true });
    expect(vote).toMatchObject({ status: 'recorded', paperId: paper.id, votes: 1 });
    await edits.idle();
    expect(poster.updates()).toEqual([expect.objectContaining({ messageId: shared.message.messageId, paperId: paper.id, votes: 1, sharedBy: 'U7' })]);
  });

  it('records votes on a shared card with its workspace, and shows the count of that workspace\'s pool like digest posts and unfurls', async () => {
    const { stores, poster, useCases, events } = await setup({ perCommunity: true });
    await stores.votes.addVote({ platform: 'slack', workspaceId: 'T2', userId: 'U1', paperId: paper.id, at: now.toISOString() });
    const edits = createVoteEdits({ ...stores, posters: { slack: poster }, events, logger: silentLogger(), intervalMs: 0, pools: createVotePools({ mode: 'community' }, ['slack']) });
    const shared = await useCases.sharePaper(channel, 'U7', paper.id);
    if (shared.status !== 'shared') throw new Error('not shared');
    // The vote cast in T2 is another pool's: the card in T1 starts at none, and says whose votes it counts.
    expect(poster.sentPapers()).toEqual([expect.objectContaining({ votes: 0, votesWhere: 'in this workspace', sharedBy: 'U7' })]);
    const vote = await useCases.reaction({ channel, messageId: shared.message.messageId, userId: 'U9', isBot: false, isUpvoteEmoji: true, added: true });
    expect(vote).toMatchObject({ status: 'recorded', community: { platform: 'slack', workspaceId: 'T1' }, votes: 1, where: 'in this workspace' });
    expect(await stores.votes.countVotes(paper.id, [{ platform: 'slack', workspaceId: 'T1' }])).toBe(1);
    await edits.idle();
    expect(poster.updates()).toEqual([expect.objectContaining({ messageId: shared.message.messageId, votes: 1, votesWhere: 'in this workspace', sharedBy: 'U7' })]);
    const linked = await useCases.linkedPapers([`https://huggingface.co/papers/${paper.id}`], { platform: 'slack', workspaceId: 'T2' });
    expect(linked).toEqual([expect.objectContaining({ votes: 1, votesWhere: 'in this workspace' })]);
  });

  it('frees the key after a failure that posted nothing, so the next share tries again', async () => {
    const { poster, useCases } = await setup();
    poster.failPaper(paper.id, sendFailure('not_in_channel', { permanent: true }));
    expect(await useCases.sharePaper(channel, 'U7', paper.id)).toMatchObject({ status: 'failed', permanent: true, reason: 'not_in_channel' });
    expect(poster.calls.filter((call) => call.kind === 'reaction')).toEqual([]);
  });

  it('shares the first paper a message names, and says when it names none or an unknown one', async () => {
    const { poster, useCases } = await setup();
    expect(await useCases.sharePaperIn(channel, 'U7', 'look: https://arxiv.org/abs/2606.00001v2 and 2606.00002')).toMatchObject({ status: 'shared', paper: { id: paper.id } });
    expect(await useCases.sharePaperIn(channel, 'U7', 'no paper here')).toEqual({ status: 'no_paper' });
    expect(await useCases.sharePaperIn(channel, 'U7', 'https://huggingface.co/papers/2699.99999')).toEqual({ status: 'not_found', paperId: '2699.99999' });
    expect(await useCases.sharePaper({ ...channel, platform: 'discord' }, 'U7', paper.id)).toEqual({ status: 'not_running', platform: 'discord' });
    expect(poster.sentPapers()).toHaveLength(1);
  });
});
