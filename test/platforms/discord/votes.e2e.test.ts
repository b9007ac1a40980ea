/**
 * Reaction upvotes through the real discord.js client: the configured emoji on a paper post
 * adds one vote per (user, paper), removing it takes it back; bots, other emoji and other
 * messages are ignored; redelivered events count once; and messages posted before a restart
 * still map back to their papers (partials, the post ledger in SQLite).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_CHANNEL_ID, FAKE_SECOND_CHANNEL_ID, FAKE_SECOND_USER_ID, FAKE_USER_ID, PERMISSIONS,
  type Json, type ReactionOptions,
} from '../../fakes/discord/index.js';
import { EVOARENA, UPVOTE, bodyOf, contentOf, startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
});
afterEach(async () => {
  await h.stop();
});

type Outcome = { status: string; reason?: string; votes?: number; paperId?: string };

/** Posts the latest digest (three papers) to a channel; returns its paper messages. */
async function postDigest(channelId: string = FAKE_CHANNEL_ID): Promise<Json[]> {
  await h.reply({ ...h.admin('subscribe', { max_papers: 3 }), channelId });
  await h.deferred({ ...h.admin('today'), channelId });
  return h.fake.messages(channelId).filter((message) => message.webhook_id === undefined && Array.isArray(message.embeds) && message.embeds.length > 0);
}

const paperIdOf = (message: Json | undefined): string => {
  const url = (message?.embeds as { url?: string }[] | undefined)?.[0]?.url ?? '';
  return url.slice(url.lastIndexOf('/') + 1);
};

/** Dispatches a reaction (or re-sends `payload`) and waits for the bot to handle it. */
async function react(options: ReactionOptions & { messageId: string }, added = true, payload?: Json): Promise<Outcome> {
  const userId = options.userId ?? FAKE_USER_ID;
  const matches = (entry: Json) => entry.msg === 'reaction handled' && entry.messageId === options.messageId && entry.user === userId && entry.added === added;
  const before = h.logEntries().filter(matches).length;
  if (payload !== undefined) h.fake.dispatch(added ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', payload);
  else if (added) h.fake.reactionAdd({ emoji: UPVOTE, ...options });
  else h.fake.reactionRemove({ emoji: UPVOTE, ...options });
  await h.waitForLog((entry) => matches(entry) && h.logEntries().filter(matches).length > before);
  return h.logEntries().filter(matches).at(-1)?.outcome as Outcome;
}

describe('reaction upvotes', () => {
  it('adds a vote for the paper behind the message and takes it back on removal', async () => {
    const [first] = await postDigest();
    const messageId = String(first?.id);
    const paperId = paperIdOf(first);
    expect(paperId).toBe(EVOARENA);

    expect(await react({ messageId })).toEqual({ status: 'recorded', paperId, votes: 1 });
    expect(await h.votesFor(paperId)).toBe(1);
    expect(await react({ messageId, userId: FAKE_SECOND_USER_ID })).toEqual({ status: 'recorded', paperId, votes: 2 });

    expect(await react({ messageId }, false)).toEqual({ status: 'removed', paperId, votes: 1 });
    expect(await h.votesFor(paperId)).toBe(1);
  });

  it('stores one vote however often Discord delivers the same reaction', async () => {
    const [first] = await postDigest();
    const messageId = String(first?.id);
    const payload = h.fake.reactionAdd({ messageId, emoji: UPVOTE });
    await h.waitForLog((entry) => entry.msg === 'reaction handled' && entry.messageId === messageId && entry.user === FAKE_USER_ID);
    expect(await react({ messageId }, true, payload)).toMatchObject({ status: 'already_recorded', votes: 1 });
    expect(await react({ messageId }, true, payload)).toMatchObject({ status: 'already_recorded', votes: 1 });
    expect(await h.votesFor(paperIdOf(first))).toBe(1);
  });

  it('ignores the bot\'s own upvote reactions and those of other bots', async () => {
    const papers = await postDigest();
    // The bot's own ⬆️ came back on the gateway for every paper it posted.
    const own = h.logEntries().filter((entry) => entry.msg === 'reaction handled' && entry.user === h.fake.ids.botUserId);
    expect(own).toHaveLength(3);
    for (const entry of own) expect(entry.outcome).toEqual({ status: 'ignored', reason: 'bot' });

    const messageId = String(papers[0]?.id);
    const otherBot = { id: '5000000000000000005', username: 'otherbot', discriminator: '0', avatar: null, bot: true };
    const member = { user: otherBot, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
    expect(await react({ messageId, userId: otherBot.id, member })).toEqual({ status: 'ignored', reason: 'bot' });
    for (const paper of papers) expect(await h.votesFor(paperIdOf(paper))).toBe(0);
  });

  it('ignores other emoji and counts ⬆ with or without the variation selector', async () => {
    const [first] = await postDigest();
    const messageId = String(first?.id);
    expect(await react({ messageId, emoji: '👍' })).toEqual({ status: 'ignored', reason: 'other_emoji' });
    expect(await react({ messageId, emoji: 'upvote:6000000000000000099' })).toEqual({ status: 'ignored', reason: 'other_emoji' });
    expect(await h.votesFor(EVOARENA)).toBe(0);
    expect(await react({ messageId, emoji: '⬆' })).toMatchObject({ status: 'recorded', votes: 1 });
  });

  it('ignores upvotes on messages that are not paper posts, the digest header included', async () => {
    await postDigest();
    const chat = h.fake.addMessage(FAKE_CHANNEL_ID, { content: 'nice papers today' });
    expect(await react({ messageId: String(chat.id) })).toEqual({ status: 'ignored', reason: 'not_a_paper_post' });
    const header = h.fake.messages(FAKE_CHANNEL_ID).find((message) => typeof message.content === 'string' && message.content.startsWith('**Hugging Face Daily Papers'));
    expect(await react({ messageId: String(header?.id) })).toEqual({ status: 'ignored', reason: 'not_a_paper_post' });
  });

  it('counts votes on papers posted in a thread', async () => {
    await h.reply(h.admin('subscribe', { max_papers: 2, thread: true }));
    await h.deferred(h.admin('today'));
    const header = h.fake.messages(FAKE_CHANNEL_ID).find((message) => message.webhook_id === undefined);
    const [first] = h.fake.messages(String(header?.id));
    expect(await react({ messageId: String(first?.id), channelId: String(header?.id) })).toMatchObject({ status: 'recorded', paperId: EVOARENA, votes: 1 });
  });

  it('maps a reaction on a message posted before a restart back to its paper', async () => {
    const [first, second] = await postDigest();
    expect(await react({ messageId: String(first?.id) })).toMatchObject({ status: 'recorded', votes: 1 });

    await h.restart();
    expect(h.fake.requestsTo('gateway.bot')).toHaveLength(2);
    expect(await react({ messageId: String(second?.id) })).toEqual({ status: 'recorded', paperId: paperIdOf(second), votes: 1 });
    expect(await react({ messageId: String(first?.id) }, false)).toEqual({ status: 'removed', paperId: EVOARENA, votes: 0 });
    expect(await react({ messageId: String(first?.id), userId: FAKE_SECOND_USER_ID })).toMatchObject({ status: 'recorded', votes: 1 });
  });

  it('edits the paper post to show the new vote count, with mentions still off', async () => {
    const [first] = await postDigest();
    const messageId = String(first?.id);
    await react({ messageId });
    const edit = await h.fake.waitForRoute('message.edit', (request) => request.params.message === messageId);
    expect(edit.status).toBe(200);
    expect(bodyOf(edit).allowed_mentions).toEqual({ parse: [] });
    const fields = ((h.fake.message(messageId)?.embeds as Json[] | undefined)?.[0]?.fields ?? []) as { name: string; value: string }[];
    expect(fields.find((field) => field.name === 'Upvotes')?.value).toBe('118 on HF · 1 here');
  });

  it('shows the votes in /paperboy top and on the same paper posted to another channel', async () => {
    const [first] = await postDigest();
    await react({ messageId: String(first?.id) });
    await react({ messageId: String(first?.id), userId: FAKE_SECOND_USER_ID });

    const top = await h.reply(h.admin('top', { period: 'all' }, PERMISSIONS.member));
    expect(contentOf(top.calls[0])).toMatch(/^\*\*Most upvoted papers of all time\*\*\n1\. \[EvoArena: .+\]\(<https:\/\/huggingface\.co\/papers\/2606\.13681>\) · 2 votes here · 118 on HF$/u);

    const [again] = await postDigest(FAKE_SECOND_CHANNEL_ID);
    const fields = ((again?.embeds as Json[] | undefined)?.[0]?.fields ?? []) as { name: string; value: string }[];
    expect(fields.find((field) => field.name === 'Upvotes')?.value).toBe('118 on HF · 2 here');
  });
});
