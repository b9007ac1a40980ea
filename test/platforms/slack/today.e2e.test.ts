/**
 * `/paperboy today` as only Slack does it, beside the chat-platform contract (test/contracts/):
 * fallback text, metadata and Upvote buttons, thread replies, rate limits and 5xx without a
 * second post, Slack's refusals explained to the admin, and posts found again after a crash.
 */
import { openDatabase } from '../../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../../src/store/sqlite/stores.js';
import { headerKey } from '../../../src/core/posts.js';
import { DIGEST_EVENT_TYPE } from '../../../src/platforms/slack/poster.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../fakes/slack/index.js';
import { FIXTURE_DAY, startSlackHarness, textOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness();
});
afterEach(async () => {
  await h.stop();
});

const paperPosts = (messages: StoredMessage[]) => messages.filter((m) => m.metadata?.event_type === 'paperboy_paper');

/** Runs `/paperboy today` and returns the final reply's text (the second answer). */
async function today(user = 'U0ADMIN', channelId = 'C0001'): Promise<string> {
  const { id, response } = await h.command('/paperboy', 'today', { userId: user, channelId });
  expect(response.status).toBe(200);
  const replies = await h.replies(id, user === 'U0ADMIN' ? 2 : 1);
  return textOf(replies.at(-1));
}

describe('/paperboy today', () => {
  it('gives every message fallback text and metadata, unfurls nothing and offers an Upvote button', async () => {
    expect(await today()).toBe(`Posted 10 papers of ${FIXTURE_DAY}.`);
    const messages = h.fake.messages('C0001');
    expect(messages).toHaveLength(11);
    expect(messages[0]?.text).toContain(`Hugging Face Daily Papers · ${FIXTURE_DAY}`);
    expect(messages[0]?.text).toContain('Top 10 of 30');
    const posts = paperPosts(messages);
    expect(posts).toHaveLength(10);
    for (const post of posts) {
      expect(post.text.length).toBeGreaterThan(0);
      expect(post.metadata?.event_payload.paper_id).toMatch(/^\d{4}\.\d{5}$/u);
      expect(post.thread_ts).toBeUndefined();
    }
    for (const call of h.fake.calls('chat.postMessage')) {
      expect(call.args).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    }
    const upvotes = posts.map((post) => JSON.stringify(post.blocks)).filter((blocks) => blocks.includes('paper_upvote'));
    expect(upvotes).toHaveLength(10);
  });

  it('posts a thread digest as replies to the header, which counts them', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe max:3 thread', { userId: 'U0ADMIN' })).id);
    await today();
    const [header, ...replies] = h.fake.messages('C0001');
    for (const reply of replies) expect(reply.thread_ts).toBe(header?.ts);
    expect(header?.reply_count).toBe(3);
  });

  it('waits out a 429 with Retry-After and posts that message exactly once', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe max:2', { userId: 'U0ADMIN' })).id);
    h.fake.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 1 });
    expect(await today()).toBe(`Posted 2 papers of ${FIXTURE_DAY}.`);
    const calls = h.fake.calls('chat.postMessage');
    expect(calls.map((call) => call.status)).toEqual([429, 200, 200, 200]);
    expect(h.fake.messages('C0001')).toHaveLength(3);
    expect(calls[1]!.time - calls[0]!.time).toBeGreaterThanOrEqual(900);
  });

  it('does not resend after a 5xx (it may have been posted) and says to try again', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe max:2', { userId: 'U0ADMIN' })).id);
    h.fake.failNext({ method: 'chat.postMessage', status: 503 });
    expect(await today()).toMatch(/posting failed; run the command again later/u);
    expect(h.fake.calls('chat.postMessage')).toHaveLength(1);
    expect(await today()).toBe(`Posted 2 papers of ${FIXTURE_DAY}.`);
  });

  it('explains channel_not_found', async () => {
    h.fake.setChannel({ id: 'C0GONE', notFound: true });
    const text = await today('U0ADMIN', 'C0GONE');
    expect(text).toContain('Slack says Paperboy cannot see this channel');
    expect(text).toContain('/invite @Paperboy');
    expect(text).toContain('`channel_not_found`');
  });

  it('explains not_in_channel', async () => {
    h.fake.setChannel({ id: 'C0OUT', member: false });
    const text = await today('U0ADMIN', 'C0OUT');
    expect(text).toContain('Paperboy is not a member of this channel');
    expect(text).toContain('`not_in_channel`');
  });

  it('keeps posting when the upvote reaction fails', async () => {
    await h.replies((await h.command('/paperboy', 'subscribe max:2', { userId: 'U0ADMIN' })).id);
    h.fake.failNext({ method: 'reactions.add', error: 'too_many_reactions' });
    expect(await today()).toBe(`Posted 2 papers of ${FIXTURE_DAY}.`);
    expect(paperPosts(h.fake.messages('C0001')).map((post) => post.reactions?.length ?? 0)).toEqual([0, 1]);
  });
});

describe('/paperboy today after a crash between send and record', () => {
  it('finds the post in the channel history by its nonce and does not send it again', async () => {
    await h.stop();
    const channel = { platform: 'slack' as const, workspaceId: 'T0001', channelId: 'C0001' };
    let seededTs = '';
    h = await startSlackHarness({
      prepare: async (stores, fake) => {
        const pending = await stores.ledger.beginPost({ channel, paperId: '2606.13681', day: FIXTURE_DAY, at: '2026-06-13T01:00:00Z' });
        seededTs = fake.addMessage('C0001', {
          user: 'U0BOT',
          text: 'EvoArena',
          metadata: { event_type: 'paperboy_paper', event_payload: { paper_id: '2606.13681', nonce: pending.nonce } },
        }).ts;
      },
    });
    expect(await today()).toBe(`Posted 10 papers of ${FIXTURE_DAY}.`);
    const evoarena = paperPosts(h.fake.messages('C0001')).filter((m) => m.metadata?.event_payload.paper_id === '2606.13681');
    expect(evoarena.map((m) => m.ts)).toEqual([seededTs]);
    const lookup = h.fake.calls('conversations.history')[0]?.args;
    expect(lookup).toMatchObject({ channel: 'C0001' });
    expect(String(lookup?.include_all_metadata)).toBe('true');
  });

  it('trusts only the bot\'s own messages: a message from someone else carrying the nonce is not the post', async () => {
    await h.stop();
    const channel = { platform: 'slack' as const, workspaceId: 'T0001', channelId: 'C0001' };
    let plantedTs = '';
    h = await startSlackHarness({
      prepare: async (stores, fake) => {
        const pending = await stores.ledger.beginPost({ channel, paperId: '2606.13681', day: FIXTURE_DAY, at: '2026-06-13T01:00:00Z' });
        plantedTs = fake.addMessage('C0001', {
          user: 'U0EVIL',
          text: 'not the paper',
          metadata: { event_type: 'paperboy_paper', event_payload: { paper_id: '2606.13681', nonce: pending.nonce } },
        }).ts;
      },
    });
    expect(await today()).toBe(`Posted 10 papers of ${FIXTURE_DAY}.`);
    const evoarena = paperPosts(h.fake.messages('C0001')).filter((m) => m.metadata?.event_payload.paper_id === '2606.13681');
    expect(evoarena.map((m) => m.user)).toEqual(['U0EVIL', 'U0BOT']);
    const stores = createSqliteStores(openDatabase(h.databasePath));
    const post = await stores.ledger.findPost(channel, '2606.13681');
    await stores.close();
    expect(post?.messageId).not.toBe(plantedTs);
    expect(post?.messageId).toBe(evoarena[1]?.ts);
  });

  it('finds a header sent in thread mode and puts the papers in its thread', async () => {
    await h.stop();
    const channel = { platform: 'slack' as const, workspaceId: 'T0001', channelId: 'C0001' };
    let headerTs = '';
    h = await startSlackHarness({
      prepare: async (stores, fake) => {
        const pending = await stores.ledger.beginPost({ channel, paperId: headerKey(FIXTURE_DAY), day: FIXTURE_DAY, at: '2026-06-13T01:00:00Z' });
        headerTs = fake.addMessage('C0001', {
          user: 'U0BOT',
          text: `Daily Papers ${FIXTURE_DAY}`,
          metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { day: FIXTURE_DAY, nonce: pending.nonce } },
        }).ts;
      },
    });
    await h.replies((await h.command('/paperboy', 'subscribe max:3 thread', { userId: 'U0ADMIN' })).id);
    expect(await today()).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);
    const [header, ...replies] = h.fake.messages('C0001');
    expect(header?.ts).toBe(headerTs);
    expect(replies).toHaveLength(3);
    for (const reply of replies) expect(reply.thread_ts).toBe(headerTs);
  });
});
