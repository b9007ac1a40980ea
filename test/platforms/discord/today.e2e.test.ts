/**
 * `/paperboy today` as only Discord does it, beside the chat-platform contract (test/contracts/):
 * messages within Discord's limits with nonces (the fake rejects what Discord would), threads
 * started from the header, up to 25 papers and min_upvotes, rate limits and 5xx without
 * duplicates, and Discord's refusals explained to the admin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CHANNEL_ID, type Json, type RecordedRequest } from '../../fakes/discord/index.js';
import { DISCORD_TOKEN, FIXTURE_DAY, bodyOf, contentOf, startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
});
afterEach(async () => {
  await h.stop();
});

/** Runs `/paperboy today` as an admin and returns the final (edited) reply and all its calls. */
async function today() {
  const { calls } = await h.deferred({ ...h.admin('today'), channelId: FAKE_CHANNEL_ID });
  return { calls, reply: contentOf(calls.at(-1)) };
}

async function subscribe(options: Record<string, string | number | boolean>): Promise<void> {
  await h.reply(h.admin('subscribe', options));
}

const posts = (): RecordedRequest[] => h.fake.requestsTo('message.create');
/** Messages the bot posted in a channel, leaving out interaction replies (e.g. "subscribed"). */
const posted = (channelId: string = FAKE_CHANNEL_ID): Json[] => h.fake.messages(channelId).filter((message) => message.webhook_id === undefined);
const embedTitle = (message: Json | undefined): string => {
  const title = (message?.embeds as Json[] | undefined)?.[0]?.title;
  return typeof title === 'string' ? title : '';
};

describe('/paperboy today', () => {
  it('sends the digest as Discord wants it: each paper one embed and its own nonce, mentions off, the defer first and the edit last', async () => {
    const { calls } = await today();
    // Defer before the first post, the edit after the last.
    expect(calls[0]!.time).toBeLessThanOrEqual(posts()[0]!.time);
    expect(calls[1]!.time).toBeGreaterThanOrEqual(posts().at(-1)!.time);
    expect(posted()).toHaveLength(11);
    for (const paper of posted().slice(1)) expect(paper.embeds).toHaveLength(1);

    // The fake rejects anything Discord would (sizes, allowed_mentions, nonce length): all went through.
    expect(posts().map((post) => post.status)).toEqual(Array.from({ length: 11 }, () => 200));
    for (const post of posts()) {
      expect(bodyOf(post)).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true, nonce: expect.stringMatching(/^pb[0-9a-f]{23}$/u) as string });
      expect(post.auth).toBe(`Bot ${DISCORD_TOKEN}`);
    }
    expect(new Set(posts().map((post) => bodyOf(post).nonce)).size).toBe(11);
    expect(h.fake.requestsTo('reaction.add')).toHaveLength(10);
    expect(h.fake.unknownRequests()).toEqual([]);
  });

  it('posts the most a subscription allows, 25 papers, every one within Discord\'s limits', async () => {
    await subscribe({ max_papers: 25 });
    expect((await today()).reply).toBe(`Posted 25 papers of ${FIXTURE_DAY}.`);
    expect(posted()).toHaveLength(26);
    expect(posts().map((post) => post.status)).toEqual(Array.from({ length: 26 }, () => 200));
    expect(posted()[0]?.content).toContain('Top 25 of 30 papers.');
  });

  it('leaves out papers below the subscription\'s min_upvotes', async () => {
    await subscribe({ max_papers: 25, min_upvotes: 10 });
    const { reply } = await today();
    const papers = posted().slice(1);
    expect(reply).toBe(`Posted ${papers.length} papers of ${FIXTURE_DAY}.`);
    expect(papers.length).toBeGreaterThan(0);
    expect(papers.length).toBeLessThan(25);
    for (const paper of papers) {
      const fields = ((paper.embeds as Json[] | undefined)?.[0]?.fields ?? []) as { name: string; value: string }[];
      expect(Number.parseInt(fields.find((field) => field.name === 'Upvotes')?.value ?? '0', 10)).toBeGreaterThanOrEqual(10);
    }
  });

  it('starts the thread from the header, named for the day, and posts and reacts in it', async () => {
    await subscribe({ max_papers: 3, thread: true });
    await today();
    const threadId = String(posted()[0]?.id);
    expect(h.fake.channel(threadId)).toMatchObject({ type: 11, parent_id: FAKE_CHANNEL_ID, name: `Daily Papers ${FIXTURE_DAY}` });
    expect(posted(threadId)).toHaveLength(3);
    expect(h.fake.requestsTo('reaction.add').every((request) => request.params.channel === threadId)).toBe(true);
  });

  it('waits out a 429 on a paper and posts it exactly once', async () => {
    await subscribe({ max_papers: 3 });
    h.fake.failNext({ route: 'message.create', status: 429, retryAfter: 0.05 });
    expect((await today()).reply).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);
    expect(posts().map((post) => post.status)).toEqual([429, 200, 200, 200, 200]);
    expect(bodyOf(posts()[0]).nonce).toBe(bodyOf(posts()[1]).nonce);
    expect(posted()).toHaveLength(4);
  });

  it('retries a 500 on a paper with the same nonce and posts it exactly once', async () => {
    await subscribe({ max_papers: 3 });
    h.fake.failNext({ route: 'message.create', status: 500 });
    h.fake.failNext({ route: 'message.create', status: 502 });
    expect((await today()).reply).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);
    expect(posts().map((post) => post.status)).toEqual([500, 502, 200, 200, 200, 200]);
    expect(new Set(posts().slice(0, 3).map((post) => bodyOf(post).nonce)).size).toBe(1);
    expect(posted()).toHaveLength(4);
  });

  it('finishes a digest after an outage without posting a paper twice, even one Discord kept', async () => {
    await subscribe({ max_papers: 1 });
    await today();
    await subscribe({ max_papers: 3 });
    // Every attempt at the next paper fails (discord.js tries 1 + 3 retries).
    h.fake.failNext({ route: 'message.create', status: 500, count: 4 });
    const failed = await today();
    expect(failed.reply).toBe('posting failed; run the command again later and the rest will follow without duplicates.');
    const attempts = posts().filter((post) => post.status === 500);
    expect(attempts).toHaveLength(4);
    const nonce = String(bodyOf(attempts[0]).nonce);
    expect(attempts.every((post) => bodyOf(post).nonce === nonce)).toBe(true);

    // Suppose Discord had created the message and only the answers were lost.
    const kept = await fetch(`${h.fake.apiUrl}/v10/channels/${FAKE_CHANNEL_ID}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bot ${DISCORD_TOKEN}` },
      body: JSON.stringify({ ...bodyOf(attempts[0]), nonce, enforce_nonce: true }),
    });
    const keptId = String(((await kept.json()) as Json).id);

    expect((await today()).reply).toBe(`Posted 2 papers of ${FIXTURE_DAY} (1 already posted here were left out).`);
    const messages = posted();
    expect(messages).toHaveLength(4);
    expect(messages.filter((message) => message.id === keptId)).toHaveLength(1);
    expect(new Set(messages.slice(1).map(embedTitle)).size).toBe(3);
    expect(h.fake.message(keptId)?.reactions).toEqual([expect.objectContaining({ count: 1, me: true })]);
  });
});

describe('/paperboy today when Discord refuses', () => {
  it('explains a channel that no longer exists (10003)', async () => {
    h.fake.deleteChannel(FAKE_CHANNEL_ID);
    const { calls, reply } = await today();
    expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204], ['webhook.original.edit', 200]]);
    expect(reply).toContain('the platform refused: check that the bot can see this channel');
    expect(reply).toContain('Discord said: the channel no longer exists (Discord 10003).');
    expect(h.logs()).toContain('/paperboy today could not post everything');
  });

  it('explains a missing permission (50013) and posts nothing', async () => {
    h.fake.setChannelAccess(FAKE_CHANNEL_ID, 'missing-permissions');
    const { reply } = await today();
    expect(reply).toContain('Discord said: the bot lacks a permission here');
    expect(reply).toContain('(Discord 50013)');
    expect(posted()).toEqual([]);
  });

  it('keeps the header once when the thread cannot be started, and finishes after the fix', async () => {
    await subscribe({ max_papers: 2, thread: true });
    h.fake.failNext({ route: 'thread.fromMessage', status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const refused = await today();
    expect(refused.reply).toContain('Discord said: could not start the thread: the bot lacks a permission here');

    expect((await today()).reply).toBe(`Posted 2 papers of ${FIXTURE_DAY}.`);
    const [header, ...rest] = posted();
    expect(rest).toEqual([]);
    expect(posted(String(header?.id))).toHaveLength(2);
  });
});
