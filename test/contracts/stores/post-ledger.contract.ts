/**
 * The PostLedger contract: one record per (channel, paper), pending before the send and sent
 * after, so nothing reaches a channel twice and a reaction finds its paper.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import { alertKey, headerKey, NONCE_LENGTH, shareKey } from '../../../src/core/posts.js';
import { useStores, type StoreAdapter } from './adapter.js';
import { discord, slack } from './refs.js';

export function describePostLedgerContract(adapter: StoreAdapter): void {
  describe(`PostLedger on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('keeps one record per (channel, paper) and maps a message back to its paper', async () => {
      const { ledger } = test().stores;
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

    it('finds a paper\'s digest posts and its shared cards (with who shared them), never headers or alerts', async () => {
      const { ledger } = test().stores;
      const sent = async (channel: ChannelRef, key: string, messageId: string, sharedBy?: string) => {
        await ledger.beginPost({ channel, paperId: key, day: '2026-06-12', at: 't0', sharedBy });
        await ledger.markSent(channel, key, { messageId, messageChannelId: channel.channelId }, 't1');
      };
      await sent(discord, '2606.13681', 'M1');
      await sent(slack, shareKey('2026-06-13', '2606.13681'), '1.1', 'U7');
      await sent(slack, shareKey('2026-06-14', '2606.13681'), '1.2', 'U8');
      await sent(discord, headerKey('2026-06-12'), 'M0');
      await sent({ ...discord, channelId: 'dm:42' }, alertKey('2026-06-12'), 'M9');
      await ledger.beginPost({ channel: slack, paperId: shareKey('2026-06-15', '2606.13681'), at: 't2', sharedBy: 'U9' });

      const posts = await ledger.sentPostsOfPaper('2606.13681');
      expect(posts.map((post) => [post.messageId, post.sharedBy]).sort()).toEqual([['1.1', 'U7'], ['1.2', 'U8'], ['M1', undefined]]);
      expect((await ledger.findPostByMessage(slack, '1.2'))?.sharedBy).toBe('U8');
      expect(await ledger.sentPostsOfPaper('2026-06-12')).toEqual([]);
    });

    it('abandons only pending posts', async () => {
      const { ledger } = test().stores;
      await ledger.beginPost({ channel: slack, paperId: 'a', at: 't0' });
      await ledger.abandonPost(slack, 'a');
      expect(await ledger.findPost(slack, 'a')).toBeUndefined();
      await ledger.beginPost({ channel: slack, paperId: 'b', at: 't0' });
      await ledger.markSent(slack, 'b', { messageId: '1.2', messageChannelId: 'C1' }, 't1');
      await ledger.abandonPost(slack, 'b');
      expect((await ledger.findPost(slack, 'b'))?.state).toBe('sent');
    });

    it('derives the same nonce for the same channel and paper on every run', async () => {
      const [second, third] = [await (await test().another()).open(), await (await test().another()).open()];
      const a = await test().stores.ledger.beginPost({ channel: discord, paperId: 'p', at: 't' });
      const b = await second.ledger.beginPost({ channel: discord, paperId: 'p', at: 't' });
      const c = await third.ledger.beginPost({ channel: slack, paperId: 'p', at: 't' });
      expect(a.nonce).toBe(b.nonce);
      expect(a.nonce).not.toBe(c.nonce);
    });

    it('records a pending post with its nonce, day and time, and no message yet', async () => {
      const { ledger } = test().stores;
      const record = await ledger.beginPost({ channel: slack, paperId: '2606.00001', day: '2026-06-12', at: '2026-06-13T09:00:00.000Z' });
      expect(record).toEqual({
        channel: slack, paperId: '2606.00001', state: 'pending', nonce: record.nonce, day: '2026-06-12', createdAt: '2026-06-13T09:00:00.000Z',
        messageId: undefined, messageChannelId: undefined, threadId: undefined, sentAt: undefined,
      });
      expect(record.nonce).toMatch(new RegExp(`^[A-Za-z0-9]{1,${NONCE_LENGTH}}$`, 'u'));
      expect(await ledger.findPost(slack, '2606.00001')).toEqual(record);
    });

    it('returns a sent post untouched when it is begun again', async () => {
      const { ledger } = test().stores;
      await ledger.beginPost({ channel: discord, paperId: 'p', day: '2026-06-12', at: 't0' });
      await ledger.markSent(discord, 'p', { messageId: 'M1', messageChannelId: 'C1' }, 't1');
      const sent = await ledger.findPost(discord, 'p');
      expect(await ledger.beginPost({ channel: discord, paperId: 'p', day: '2026-06-13', at: 't2' })).toEqual(sent);
      expect(sent).toMatchObject({ state: 'sent', day: '2026-06-12', createdAt: 't0', sentAt: 't1' });
    });

    it('begins an abandoned post afresh, with the same nonce', async () => {
      const { ledger } = test().stores;
      const first = await ledger.beginPost({ channel: discord, paperId: 'p', day: '2026-06-12', at: 't0' });
      await ledger.abandonPost(discord, 'p');
      const again = await ledger.beginPost({ channel: discord, paperId: 'p', day: '2026-06-13', at: 't1' });
      expect(again).toMatchObject({ state: 'pending', nonce: first.nonce, day: '2026-06-13', createdAt: 't1' });
    });

    it('remembers the thread a header opened', async () => {
      const { ledger } = test().stores;
      await ledger.beginPost({ channel: discord, paperId: 'header:2026-06-12', day: '2026-06-12', at: 't0' });
      await ledger.markSent(discord, 'header:2026-06-12', { messageId: 'H1', messageChannelId: 'C1', threadId: 'T1' }, 't1');
      expect(await ledger.findPost(discord, 'header:2026-06-12')).toMatchObject({ state: 'sent', messageId: 'H1', messageChannelId: 'C1', threadId: 'T1' });
    });

    it('keeps posts of the same channel id in two workspaces apart', async () => {
      const { ledger } = test().stores;
      const otherWorkspace = { ...slack, workspaceId: 'T2' };
      await ledger.beginPost({ channel: slack, paperId: 'p', at: 't0' });
      await ledger.markSent(slack, 'p', { messageId: '1.1', messageChannelId: 'C1' }, 't1');
      expect(await ledger.findPost(otherWorkspace, 'p')).toBeUndefined();
      expect((await ledger.beginPost({ channel: otherWorkspace, paperId: 'p', at: 't2' })).state).toBe('pending');
      expect((await ledger.findPost(slack, 'p'))?.state).toBe('sent');
    });

    it('lists every sent post of a paper on every channel and platform, and no pending one', async () => {
      const { ledger } = test().stores;
      const thread = { ...discord, channelId: 'C2' };
      for (const [channel, paperId, messageId] of [[discord, 'p', 'D1'], [slack, 'p', '1.1'], [thread, 'p', undefined], [slack, 'q', '1.2']] as const) {
        await ledger.beginPost({ channel, paperId, at: 't0' });
        if (messageId) await ledger.markSent(channel, paperId, { messageId, messageChannelId: channel.channelId }, 't1');
      }
      const posts = await ledger.sentPostsOfPaper('p');
      expect(posts.map((post) => `${post.channel.platform}:${post.messageId}`).sort()).toEqual(['discord:D1', 'slack:1.1']);
      expect(await ledger.sentPostsOfPaper('nobody')).toEqual([]);
    });

    it('finds nothing for a post or a message it never recorded', async () => {
      const { ledger } = test().stores;
      expect(await ledger.findPost(discord, 'p')).toBeUndefined();
      expect(await ledger.findPostByMessage(discord, 'M1')).toBeUndefined();
      await ledger.beginPost({ channel: discord, paperId: 'p', at: 't0' });
      expect(await ledger.findPostByMessage(discord, 'M1')).toBeUndefined();
    });

    it('prunes posts sent (or, when still pending, recorded) before a cutoff, and says how many', async () => {
      const { ledger } = test().stores;
      await ledger.beginPost({ channel: discord, paperId: 'old', at: '2025-01-01T00:00:00Z' });
      await ledger.markSent(discord, 'old', { messageId: 'M-old', messageChannelId: discord.channelId }, '2025-01-01T00:01:00Z');
      await ledger.beginPost({ channel: slack, paperId: 'stale-pending', at: '2025-01-01T00:00:00Z' });
      // Recorded long ago, sent recently: its sending time counts.
      await ledger.beginPost({ channel: discord, paperId: 'late', at: '2025-01-01T00:00:00Z' });
      await ledger.markSent(discord, 'late', { messageId: 'M-late', messageChannelId: discord.channelId }, '2026-06-01T00:00:00Z');
      await ledger.beginPost({ channel: discord, paperId: 'new', at: '2026-06-12T00:00:00Z' });
      expect(await ledger.prunePostsBefore('2026-01-01T00:00:00Z')).toBe(2);
      expect(await ledger.findPost(discord, 'old')).toBeUndefined();
      expect(await ledger.findPostByMessage(discord, 'M-old')).toBeUndefined();
      expect(await ledger.findPost(slack, 'stale-pending')).toBeUndefined();
      expect((await ledger.findPost(discord, 'late'))?.state).toBe('sent');
      expect((await ledger.findPost(discord, 'new'))?.state).toBe('pending');
    });
  });
}
