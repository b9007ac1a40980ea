import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { selectDigestPapers } from '../../src/core/digest/select.js';
import { postDigest } from '../../src/core/digest/post.js';
import { recordReactionVote } from '../../src/core/votes/record.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../store/fixture-papers.js';
import type { DigestPoster } from '../../src/core/ports.js';
import type { PendingPost, SendResult } from '../../src/core/posts.js';

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const clock = { now: () => new Date('2026-06-13T02:00:00Z') };
const papers = [makePaper('2606.00001', { upvotes: 1 }), makePaper('2606.00002', { upvotes: 9 }), makePaper('2606.00003', { upvotes: 5 })];
const plan = selectDigestPapers('2026-06-12', papers, { maxPapers: 10, minUpvotes: 0, keywords: [] });

/** Message ids are unique on a platform, across every poster a test makes. */
let next = 100;

/** A DigestPoster that records what it was asked to send: a fake at our own port. */
function recordingPoster(failOn: Record<string, SendResult> = {}) {
  const sent: { kind: string; id?: string; nonce?: string; threadId?: string | undefined }[] = [];
  const poster: DigestPoster = {
    postHeader: (_channel, view, options) => {
      sent.push({ kind: `header:${view.papers.length}` });
      return Promise.resolve({ status: 'sent', messageId: String(next++), threadId: options.thread ? 'T9' : undefined });
    },
    postPaper: (_channel, paper, options) => {
      const failure = failOn[paper.id];
      if (failure) return Promise.resolve(failure);
      sent.push({ kind: 'paper', id: paper.id, nonce: options.nonce, threadId: options.threadId });
      return Promise.resolve({ status: 'sent', messageId: String(next++) });
    },
    addUpvoteReaction: (target, messageId) => {
      sent.push({ kind: `react:${target.channelId}:${messageId}` });
      return Promise.resolve();
    },
  };
  return { poster, sent };
}

describe('postDigest', () => {
  it('posts a header, then each paper by upvotes with its reaction, and records every message', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const { poster, sent } = recordingPoster();
    const outcome = await postDigest({ ...stores, poster, clock }, channel, plan, { thread: false });
    expect(outcome).toMatchObject({ status: 'posted', posted: ['2606.00002', '2606.00003', '2606.00001'] });
    const base = Number(/:(\d+)$/u.exec(sent[2]?.kind ?? '')?.[1]);
    expect(sent.map((entry) => entry.kind)).toEqual(['header:3', 'paper', `react:C1:${base}`, 'paper', `react:C1:${base + 1}`, 'paper', `react:C1:${base + 2}`]);
    expect((await stores.ledger.findPostByMessage(channel, String(base)))?.paperId).toBe('2606.00002');
  });

  it('never posts a paper twice to the same channel', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const { poster } = recordingPoster();
    await postDigest({ ...stores, poster, clock }, channel, plan, { thread: false });
    const second = recordingPoster();
    const outcome = await postDigest({ ...stores, poster: second.poster, clock }, channel, plan, { thread: false });
    expect(outcome).toMatchObject({ status: 'nothing_new', alreadyPosted: ['2606.00002', '2606.00003', '2606.00001'] });
    expect(second.sent).toEqual([]);
  });

  it('posts into the header thread when asked, and records the thread as where each message lives', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const { poster, sent } = recordingPoster();
    await postDigest({ ...stores, poster, clock }, channel, plan, { thread: true });
    expect(sent.filter((entry) => entry.kind === 'paper').every((entry) => entry.threadId === 'T9')).toBe(true);
    const firstMessage = await stores.ledger.findPost(channel, '2606.00002');
    expect(firstMessage?.messageChannelId).toBe('T9');
    expect((await stores.ledger.findPostByMessage({ ...channel, channelId: 'T9' }, firstMessage?.messageId ?? ''))?.paperId).toBe('2606.00002');
  });

  it('stops at a failed post, frees it when it certainly was not delivered, and resumes without duplicates', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const failing = recordingPoster({ '2606.00003': { status: 'failed', permanent: false, maybeDelivered: false, reason: '503' } });
    const first = await postDigest({ ...stores, poster: failing.poster, clock }, channel, plan, { thread: false });
    expect(first).toMatchObject({ status: 'failed', posted: ['2606.00002'], failure: { paperId: '2606.00003', permanent: false } });
    expect(await stores.ledger.findPost(channel, '2606.00003')).toBeUndefined();

    const retry = recordingPoster();
    const second = await postDigest({ ...stores, poster: retry.poster, clock }, channel, plan, { thread: false });
    expect(second.posted).toEqual(['2606.00003', '2606.00001']);
    // The header went out the first time; the resumed digest goes on under it.
    expect(retry.sent.some((entry) => entry.kind.startsWith('header'))).toBe(false);
  });

  it('keeps a post that may have been delivered as pending and re-sends it with the same nonce', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const failing = recordingPoster({ '2606.00002': { status: 'failed', permanent: false, maybeDelivered: true, reason: 'timeout' } });
    await postDigest({ ...stores, poster: failing.poster, clock }, channel, plan, { thread: false });
    const pending = await stores.ledger.findPost(channel, '2606.00002');
    expect(pending?.state).toBe('pending');
    const retry = recordingPoster();
    await postDigest({ ...stores, poster: retry.poster, clock }, channel, plan, { thread: false });
    expect(retry.sent.find((entry) => entry.id === '2606.00002')?.nonce).toBe(pending?.nonce);
  });

  it('resumes a threaded digest in the thread its header opened', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const failing = recordingPoster({ '2606.00003': { status: 'failed', permanent: false, maybeDelivered: false, reason: '503' } });
    await postDigest({ ...stores, poster: failing.poster, clock }, channel, plan, { thread: true });
    const retry = recordingPoster();
    await postDigest({ ...stores, poster: retry.poster, clock }, channel, plan, { thread: true });
    expect(retry.sent.filter((entry) => entry.kind === 'paper').map((entry) => entry.threadId)).toEqual(['T9', 'T9']);
  });

  it('recovers a post the platform received but the ledger never recorded, without sending it again', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const crashing = recordingPoster({ '2606.00002': { status: 'failed', permanent: false, maybeDelivered: true, reason: 'killed' } });
    await postDigest({ ...stores, poster: crashing.poster, clock }, channel, plan, { thread: false });
    const pending = await stores.ledger.findPost(channel, '2606.00002');
    const lookups: string[] = [];
    const retry = recordingPoster();
    retry.poster.findDelivered = (_channel, nonce) => {
      lookups.push(nonce);
      return Promise.resolve(nonce === pending?.nonce ? { messageId: 'M-found', messageChannelId: 'C1' } : undefined);
    };
    const outcome = await postDigest({ ...stores, poster: retry.poster, clock }, channel, plan, { thread: false });
    expect(lookups).toEqual([pending?.nonce]);
    expect(retry.sent.filter((entry) => entry.kind === 'paper').map((entry) => entry.id)).toEqual(['2606.00003', '2606.00001']);
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
    killedAtHeader.poster.postHeader = () => Promise.resolve({ status: 'failed', permanent: false, maybeDelivered: true, reason: 'killed' });
    await postDigest({ ...stores, poster: killedAtHeader.poster, clock }, channel, plan, { thread: true });
    const killedAtPaper = recordingPoster({ '2606.00002': { status: 'failed', permanent: false, maybeDelivered: true, reason: 'killed' } });
    killedAtPaper.poster.findDelivered = finder;
    await postDigest({ ...stores, poster: killedAtPaper.poster, clock }, channel, plan, { thread: true });
    expect(await stores.ledger.findPost(channel, 'header:2026-06-12')).toMatchObject({ state: 'sent', messageId: 'H-found', threadId: 'T-found' });

    const retry = recordingPoster();
    retry.poster.findDelivered = finder;
    await postDigest({ ...stores, poster: retry.poster, clock }, channel, plan, { thread: true });
    expect(asked.map((post) => [post.kind, post.key])).toEqual([['header', 'header:2026-06-12'], ['paper', '2606.00002']]);
    expect(asked[0]).toMatchObject({ thread: true, plan: { day: '2026-06-12' } });
    expect(asked[1]).toMatchObject({ paper: { id: '2606.00002' } });
    expect(retry.sent[0]?.kind).toBe('react:T-found:M-found');
    expect(await stores.ledger.findPost(channel, '2606.00002')).toMatchObject({ state: 'sent', messageId: 'M-found', messageChannelId: 'T-found' });
  });

  it('stops with the post still pending when findDelivered found it but could not complete it', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    await stores.ledger.beginPost({ channel, paperId: 'header:2026-06-12', day: '2026-06-12', at: clock.now().toISOString() });
    const retry = recordingPoster();
    retry.poster.findDelivered = () => Promise.resolve({ status: 'failed', permanent: true, maybeDelivered: true, reason: 'could not start the thread' });
    const outcome = await postDigest({ ...stores, poster: retry.poster, clock }, channel, plan, { thread: true });
    expect(outcome).toMatchObject({ status: 'failed', posted: [], failure: { permanent: true, reason: 'could not start the thread' } });
    expect(retry.sent).toEqual([]);
    expect((await stores.ledger.findPost(channel, 'header:2026-06-12'))?.state).toBe('pending');
  });
});

describe('recordReactionVote', () => {
  it('turns the upvote emoji on a paper post into one vote, and ignores bots, other emoji and other messages', async () => {
    const stores = createSqliteStores(openDatabase(':memory:'));
    const { poster } = recordingPoster();
    await postDigest({ ...stores, poster, clock }, channel, plan, { thread: false });
    const messageId = (await stores.ledger.findPost(channel, '2606.00002'))?.messageId ?? '';
    const event = { channel, messageId, userId: 'U1', isBot: false, isUpvoteEmoji: true, added: true };
    expect(await recordReactionVote(stores.ledger, stores.votes, clock, event)).toMatchObject({ status: 'recorded', votes: 1 });
    expect(await recordReactionVote(stores.ledger, stores.votes, clock, event)).toMatchObject({ status: 'already_recorded', votes: 1 });
    expect(await recordReactionVote(stores.ledger, stores.votes, clock, { ...event, isBot: true })).toEqual({ status: 'ignored', reason: 'bot' });
    expect(await recordReactionVote(stores.ledger, stores.votes, clock, { ...event, isUpvoteEmoji: false })).toEqual({ status: 'ignored', reason: 'other_emoji' });
    expect(await recordReactionVote(stores.ledger, stores.votes, clock, { ...event, messageId: '999' })).toEqual({ status: 'ignored', reason: 'not_a_paper_post' });
    expect(await recordReactionVote(stores.ledger, stores.votes, clock, { ...event, added: false })).toMatchObject({ status: 'removed', votes: 0 });
  });
});
