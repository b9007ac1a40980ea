import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';

const discord: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const slack: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

function stores() {
  return createSqliteStores(openDatabase(':memory:'));
}

describe('SQLite subscriptions', () => {
  it('saves, reads back, updates in place and removes a subscription', async () => {
    const { subscriptions } = stores();
    const base = {
      time: '09:00', timezone: 'UTC', maxPapers: 10, minUpvotes: 0, keywords: ['memory'], thread: true,
      weekdays: [1, 2, 3, 4, 5], emptyNote: true, consecutiveFailures: 0, pausedAt: undefined, pauseReason: undefined,
      createdBy: 'U1', createdAt: 't0', updatedAt: 't0',
    };
    await subscriptions.saveSubscription({ ...discord, ...base });
    await subscriptions.saveSubscription({ ...slack, ...base, thread: false });
    expect(await subscriptions.getSubscription(discord)).toEqual({ ...discord, ...base });
    await subscriptions.saveSubscription({ ...discord, ...base, maxPapers: 3, updatedAt: 't1' });
    expect(await subscriptions.listSubscriptions()).toHaveLength(2);
    expect((await subscriptions.listSubscriptions('discord'))[0]).toMatchObject({ maxPapers: 3, updatedAt: 't1', createdAt: 't0' });
    await subscriptions.setDeliveryState(discord, { consecutiveFailures: 3, pausedAt: 't2', pauseReason: 'channel gone' });
    expect(await subscriptions.getSubscription(discord)).toMatchObject({ consecutiveFailures: 3, pausedAt: 't2', pauseReason: 'channel gone', maxPapers: 3 });
    expect(await subscriptions.removeSubscription(discord)).toBe(true);
    expect(await subscriptions.removeSubscription(discord)).toBe(false);
    expect(await subscriptions.listSubscriptions('slack')).toHaveLength(1);
  });
});

describe('SQLite post ledger', () => {
  it('keeps one record per (channel, paper) and maps a message back to its paper', async () => {
    const { ledger } = stores();
    const first = await ledger.beginPost({ channel: discord, paperId: '2606.13681', day: '2026-06-12', at: 't0' });
    const again = await ledger.beginPost({ channel: discord, paperId: '2606.13681', day: '2026-06-13', at: 't1' });
    expect(first).toMatchObject({ state: 'pending', day: '2026-06-12' });
    expect(again).toEqual(first);
    expect(first.nonce.length).toBeLessThanOrEqual(25);

    await ledger.markSent(discord, '2606.13681', { messageId: 'M1', messageChannelId: 'THREAD1' }, 't2');
    expect(await ledger.findPost(discord, '2606.13681')).toMatchObject({ state: 'sent', messageId: 'M1', messageChannelId: 'THREAD1', sentAt: 't2' });
    expect((await ledger.findPostByMessage({ ...discord, channelId: 'THREAD1' }, 'M1'))?.paperId).toBe('2606.13681');
    expect(await ledger.findPostByMessage(discord, 'M1')).toBeUndefined();
    expect(await ledger.findPostByMessage({ ...slack, channelId: 'THREAD1' }, 'M1')).toBeUndefined();
  });

  it('abandons only pending posts', async () => {
    const { ledger } = stores();
    await ledger.beginPost({ channel: slack, paperId: 'a', at: 't0' });
    await ledger.abandonPost(slack, 'a');
    expect(await ledger.findPost(slack, 'a')).toBeUndefined();
    await ledger.beginPost({ channel: slack, paperId: 'b', at: 't0' });
    await ledger.markSent(slack, 'b', { messageId: '1.2', messageChannelId: 'C1' }, 't1');
    await ledger.abandonPost(slack, 'b');
    expect((await ledger.findPost(slack, 'b'))?.state).toBe('sent');
  });

  it('derives the same nonce for the same channel and paper on every run', async () => {
    const a = await stores().ledger.beginPost({ channel: discord, paperId: 'p', at: 't' });
    const b = await stores().ledger.beginPost({ channel: discord, paperId: 'p', at: 't' });
    const c = await stores().ledger.beginPost({ channel: slack, paperId: 'p', at: 't' });
    expect(a.nonce).toBe(b.nonce);
    expect(a.nonce).not.toBe(c.nonce);
  });
});

describe('SQLite votes', () => {
  it('counts one vote per (platform, user, paper) and takes it back', async () => {
    const { votes } = stores();
    expect(await votes.addVote({ platform: 'discord', userId: 'U1', paperId: 'p1', at: '2026-06-12T00:00:00Z' })).toBe(true);
    expect(await votes.addVote({ platform: 'discord', userId: 'U1', paperId: 'p1', at: '2026-06-12T00:00:01Z' })).toBe(false);
    expect(await votes.addVote({ platform: 'slack', userId: 'U1', paperId: 'p1', at: '2026-06-12T00:00:02Z' })).toBe(true);
    expect(await votes.countVotes('p1')).toBe(2);
    expect(await votes.removeVote({ platform: 'discord', userId: 'U1', paperId: 'p1' })).toBe(true);
    expect(await votes.removeVote({ platform: 'discord', userId: 'U1', paperId: 'p1' })).toBe(false);
    expect(await votes.countVotes('p1')).toBe(1);
  });

  it('ranks known papers by votes in a period, then by HF upvotes', async () => {
    const { votes, papers } = stores();
    await papers.upsertPapers([makePaper('2606.00001', { upvotes: 5 }), makePaper('2606.00002', { upvotes: 50 }), makePaper('2606.00003', { upvotes: 1 })]);
    const vote = (userId: string, paperId: string, at: string) => votes.addVote({ platform: 'slack', userId, paperId, at });
    await vote('U1', '2606.00001', '2026-06-01T00:00:00Z');
    await vote('U2', '2606.00001', '2026-06-01T00:00:00Z');
    await vote('U1', '2606.00002', '2026-06-10T00:00:00Z');
    await vote('U1', '2606.00003', '2026-06-11T00:00:00Z');
    await vote('U1', '9999.99999', '2026-06-11T00:00:00Z');
    expect(await votes.topVoted({ limit: 10 })).toEqual([
      { paperId: '2606.00001', votes: 2 },
      { paperId: '2606.00002', votes: 1 },
      { paperId: '2606.00003', votes: 1 },
    ]);
    expect(await votes.topVoted({ since: '2026-06-05T00:00:00Z', limit: 1 })).toEqual([{ paperId: '2606.00002', votes: 1 }]);
  });
});
