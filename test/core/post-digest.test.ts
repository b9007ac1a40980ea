import { describe, expect, it } from 'vitest';
import type { ChannelRef, Community } from '../../src/core/channels.js';
import { selectDigestPapers } from '../../src/core/digest/select.js';
import { postDigest } from '../../src/core/digest/post.js';
import { createVotePools } from '../../src/core/votes/pools.js';
import { recordReactionVote } from '../../src/core/votes/record.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';
import type { DigestPoster, Stores } from '../../src/core/ports.js';
import type { PendingPost } from '../../src/core/posts.js';
import { recordingPoster, sendFailure, type PosterCall } from '../support/recording-poster.js';

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const clock = { now: () => new Date('2026-06-13T02:00:00Z') };
const papers = [makePaper('2606.00001', { upvotes: 1 }), makePaper('2606.00002', { upvotes: 9 }), makePaper('2606.00003', { upvotes: 5 })];
const plan = selectDigestPapers('2026-06-12', papers, { maxPapers: 10, minUpvotes: 0, filter: '' });

/** A call in a line: what was posted, or where a reaction went. */
function describeCall(call: PosterCall): string {
  if (call.kind === 'header') return `header:${call.papers}`;
  if (call.kind === 'paper') return `paper:${call.paperId}`;
  return `${call.kind}:${call.channel.channelId}:${call.messageId}`;
}

describe('postDigest', () => {
  it('posts a header, then each paper by upvotes with its reaction, and records every message', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const poster = recordingPoster();
    const outcome = await postDigest({ ...stores, poster, clock }, channel, plan, { thread: false });
    expect(outcome).toMatchObject({ status: 'posted', posted: ['2606.00002', '2606.00003', '2606.00001'] });
    const [first, second, third] = poster.sentPapers().map((call) => call.result.messageId);
    expect(poster.calls.map(describeCall)).toEqual([
      'header:3', 'paper:2606.00002', `reaction:C1:${first}`, 'paper:2606.00003', `reaction:C1:${second}`, 'paper:2606.00001', `reaction:C1:${third}`,
    ]);
    expect((await stores.ledger.findPostByMessage(channel, first ?? ''))?.paperId).toBe('2606.00002');
  });

  it('never posts a paper twice to the same channel', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    await postDigest({ ...stores, poster: recordingPoster(), clock }, channel, plan, { thread: false });
    const second = recordingPoster();
    const outcome = await postDigest({ ...stores, poster: second, clock }, channel, plan, { thread: false });
    expect(outcome).toMatchObject({ status: 'nothing_new', alreadyPosted: ['2606.00002', '2606.00003', '2606.00001'] });
    expect(second.calls).toEqual([]);
  });

  it('posts into the header thread when asked, and records the thread as where each message lives', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const poster = recordingPoster({ threadId: 'T9' });
    await postDigest({ ...stores, poster, clock }, channel, plan, { thread: true });
    expect(poster.sentPapers().map((call) => call.threadId)).toEqual(['T9', 'T9', 'T9']);
    const firstMessage = await stores.ledger.findPost(channel, '2606.00002');
    expect(firstMessage?.messageChannelId).toBe('T9');
    expect((await stores.ledger.findPostByMessage({ ...channel, channelId: 'T9' }, firstMessage?.messageId ?? ''))?.paperId).toBe('2606.00002');
  });

  it('stops at a failed post, frees it when it certainly was not delivered, and resumes without duplicates', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const failing = recordingPoster();
    failing.failPaper('2606.00003', sendFailure('503'));
    const first = await postDigest({ ...stores, poster: failing, clock }, channel, plan, { thread: false });
    expect(first).toMatchObject({ status: 'failed', posted: ['2606.00002'], failure: { paperId: '2606.00003', permanent: false } });
    expect(await stores.ledger.findPost(channel, '2606.00003')).toBeUndefined();

    const retry = recordingPoster();
    const second = await postDigest({ ...stores, poster: retry, clock }, channel, plan, { thread: false });
    expect(second.posted).toEqual(['2606.00003', '2606.00001']);
    // The header went out the first time; the resumed digest goes on under it.
    expect(retry.calls.some((call) => call.kind === 'header')).toBe(false);
  });

  it('keeps a post that may have been delivered as pending and re-sends it with the same nonce', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const failing = recordingPoster();
    failing.failPaper('2606.00002', sendFailure('timeout', { maybeDelivered: true }));
    await postDigest({ ...stores, poster: failing, clock }, channel, plan, { thread: false });
    const pending = await stores.ledger.findPost(channel, '2606.00002');
    expect(pending?.state).toBe('pending');
    const retry = recordingPoster();
    await postDigest({ ...stores, poster: retry, clock }, channel, plan, { thread: false });
    expect(retry.sentPapers().find((call) => call.paperId === '2606.00002')?.nonce).toBe(pending?.nonce);
  });

  it('resumes a threaded digest in the thread its header opened', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const failing = recordingPoster({ threadId: 'T9' });
    failing.failPaper('2606.00003', sendFailure('503'));
    await postDigest({ ...stores, poster: failing, clock }, channel, plan, { thread: true });
    const retry = recordingPoster({ threadId: 'T-other' });
    await postDigest({ ...stores, poster: retry, clock }, channel, plan, { thread: true });
    expect(retry.sentPapers().map((call) => call.threadId)).toEqual(['T9', 'T9']);
  });

  it('recovers a post the platform received but the ledger never recorded, without sending it again', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const crashing = recordingPoster();
    crashing.failPaper('2606.00002', sendFailure('killed', { maybeDelivered: true }));
    await postDigest({ ...stores, poster: crashing, clock }, channel, plan, { thread: false });
    const pending = await stores.ledger.findPost(channel, '2606.00002');
    const lookups: string[] = [];
    const retry = recordingPoster({
      findDelivered: (_channel, nonce) => {
        lookups.push(nonce);
        return Promise.resolve(nonce === pending?.nonce ? { messageId: 'M-found', messageChannelId: 'C1' } : undefined);
      },
    });
    const outcome = await postDigest({ ...stores, poster: retry, clock }, channel, plan, { thread: false });
    expect(lookups).toEqual([pending?.nonce]);
    expect(retry.sentPapers().map((call) => call.paperId)).toEqual(['2606.00003', '2606.00001']);
    expect(outcome.posted).toEqual(['2606.00002', '2606.00003', '2606.00001']);
    expect(await stores.ledger.findPost(channel, '2606.00002')).toMatchObject({ state: 'sent', messageId: 'M-found' });
  });

  it('tells findDelivered which header or paper a pending post was, and reacts to a recovered paper post', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const asked: PendingPost[] = [];
    const finder: NonNullable<DigestPoster['findDelivered']> = (_channel, _nonce, where, post) => {
      asked.push(post);
      if (post.kind === 'header') return Promise.resolve({ messageId: 'H-found', messageChannelId: 'C1', threadId: 'T-found' });
      return Promise.resolve(where.threadId === 'T-found' ? { messageId: 'M-found', messageChannelId: 'T-found' } : undefined);
    };
    const killedAtHeader = recordingPoster();
    killedAtHeader.failHeaders(sendFailure('killed', { maybeDelivered: true }));
    await postDigest({ ...stores, poster: killedAtHeader, clock }, channel, plan, { thread: true });
    const killedAtPaper = recordingPoster({ findDelivered: finder });
    killedAtPaper.failPaper('2606.00002', sendFailure('killed', { maybeDelivered: true }));
    await postDigest({ ...stores, poster: killedAtPaper, clock }, channel, plan, { thread: true });
    expect(await stores.ledger.findPost(channel, 'header:2026-06-12')).toMatchObject({ state: 'sent', messageId: 'H-found', threadId: 'T-found' });

    const retry = recordingPoster({ findDelivered: finder });
    await postDigest({ ...stores, poster: retry, clock }, channel, plan, { thread: true });
    expect(asked.map((post) => [post.kind, post.key])).toEqual([['header', 'header:2026-06-12'], ['paper', '2606.00002']]);
    expect(asked[0]).toMatchObject({ thread: true, plan: { day: '2026-06-12' } });
    expect(asked[1]).toMatchObject({ paper: { id: '2606.00002' } });
    expect(retry.calls.map(describeCall)[0]).toBe('reaction:T-found:M-found');
    expect(await stores.ledger.findPost(channel, '2606.00002')).toMatchObject({ state: 'sent', messageId: 'M-found', messageChannelId: 'T-found' });
  });

  it('stops with the post still pending when findDelivered found it but could not complete it', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    await stores.ledger.beginPost({ channel, paperId: 'header:2026-06-12', day: '2026-06-12', at: clock.now().toISOString() });
    const retry = recordingPoster({ findDelivered: () => Promise.resolve(sendFailure('could not start the thread', { permanent: true, maybeDelivered: true })) });
    const outcome = await postDigest({ ...stores, poster: retry, clock }, channel, plan, { thread: true });
    expect(outcome).toMatchObject({ status: 'failed', posted: [], failure: { permanent: true, reason: 'could not start the thread' } });
    expect(retry.calls).toEqual([]);
    expect((await stores.ledger.findPost(channel, 'header:2026-06-12'))?.state).toBe('pending');
  });
});

const installPool = createVotePools({ mode: 'install' }, ['discord', 'slack']);
const voteDeps = (stores: Stores) => ({ votes: stores.votes, clock, poolOf: (community: Community) => installPool.poolOf(community) });

describe('recordReactionVote', () => {
  it('turns the upvote emoji on a paper post into one vote, and ignores bots, other emoji and other messages', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    await postDigest({ ...stores, poster: recordingPoster(), clock }, channel, plan, { thread: false });
    const messageId = (await stores.ledger.findPost(channel, '2606.00002'))?.messageId ?? '';
    const event = { channel, messageId, userId: 'U1', isBot: false, isUpvoteEmoji: true, added: true };
    expect(await recordReactionVote(stores.ledger, voteDeps(stores), event)).toMatchObject({ status: 'recorded', votes: 1 });
    expect(await recordReactionVote(stores.ledger, voteDeps(stores), event)).toMatchObject({ status: 'already_recorded', votes: 1 });
    expect(await recordReactionVote(stores.ledger, voteDeps(stores), { ...event, isBot: true })).toEqual({ status: 'ignored', reason: 'bot' });
    expect(await recordReactionVote(stores.ledger, voteDeps(stores), { ...event, isUpvoteEmoji: false })).toEqual({ status: 'ignored', reason: 'other_emoji' });
    expect(await recordReactionVote(stores.ledger, voteDeps(stores), { ...event, messageId: '999' })).toEqual({ status: 'ignored', reason: 'not_a_paper_post' });
    expect(await recordReactionVote(stores.ledger, voteDeps(stores), { ...event, added: false })).toMatchObject({ status: 'removed', votes: 0 });
  });
});
