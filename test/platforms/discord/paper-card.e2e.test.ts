/**
 * The message command "Paperboy: paper card" (right-click a message → Apps): the real bot and
 * discord.js against the fake Discord. It posts the card of the paper the message links to,
 * attributed to whoever used it, with the upvote reaction whose votes join the pool; the
 * message arrives whole in the interaction, so no Message Content intent is needed.
 */
import { ApplicationCommandType } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CHANNEL_ID, FAKE_SECOND_USER_ID, FAKE_USER_ID, messageErrors, type Json } from '../../fakes/discord/index.js';
import { FIXTURES, loadFixture } from '../../support/hf-fixtures.js';
import { papersOf } from '../../contracts/chat-platform/support.js';
import type { ChatDriver } from '../../contracts/chat-platform/driver.js';
import { startDiscordDriver } from './driver.js';
import { EPHEMERAL, bodyOf, contentOf, type DiscordHarness } from './harness.js';

let d: ChatDriver & { readonly harness: DiscordHarness };

beforeEach(async () => {
  d = await startDiscordDriver();
});
afterEach(async () => {
  await d.stop();
});

/** Uses the command on `message` as `userId`; returns the answer only they see. */
async function paperCard(message: Json, userId = FAKE_USER_ID): Promise<string> {
  const { calls } = await d.harness.deferred({ targetMessageId: String(message.id), userId, channelId: FAKE_CHANNEL_ID });
  expect(calls.map((call) => [call.route, call.status])).toEqual([['interaction.callback', 204], ['webhook.original.edit', 200]]);
  expect(bodyOf(calls[0])).toEqual({ type: 5, data: { flags: EPHEMERAL } });
  expect(messageErrors(bodyOf(calls[1]))).toBeUndefined();
  expect(bodyOf(calls[1]).allowed_mentions).toEqual({ parse: [] });
  return contentOf(calls[1]);
}

describe('"Paperboy: paper card"', () => {
  it('is deployed as a message command beside the slash commands', async () => {
    const { commandDefinitions } = await import('../../../src/platforms/discord/commands.js');
    expect(commandDefinitions().find((command) => command.type === ApplicationCommandType.Message)).toMatchObject({ name: 'Paperboy: paper card', contexts: [0] });
  });

  it('posts the card of the paper a message links to, attributed to the person who used it; votes on it count and show', async () => {
    const message = d.harness.fake.addMessage(FAKE_CHANNEL_ID, { content: 'have you seen https://arxiv.org/abs/2606.13392v1 ?', authorId: FAKE_SECOND_USER_ID });
    expect(await paperCard(message)).toBe('Shared **MiniMax Sparse Attention** here.');
    const [card, ...more] = papersOf(d.posts());
    expect(more).toEqual([]);
    expect(card).toMatchObject({ paperId: '2606.13392', reactions: [{ emoji: 'upvote', count: 1, byBot: true }] });
    expect(card?.text).toContain(`Shared by <@${FAKE_USER_ID}>`);

    expect(await d.react(card!, { by: 'bob' })).toBe('recorded');
    expect(await d.votesFor('2606.13392')).toBe(1);
    expect((await d.editedPost(card!)).upvotes).toBe('103 on HF · 1 vote across all servers');

    // Used again on the same link the same day, it points to the card instead of posting twice.
    const again = await paperCard(message, FAKE_SECOND_USER_ID);
    expect(again).toBe(`**MiniMax Sparse Attention** was already shared here today by <@${FAKE_USER_ID}>: [see the post](<${d.linkTo(card!)}>). Vote on that post.`);
    expect(papersOf(d.posts())).toHaveLength(1);
  });

  it('reads links in embeds too, and fetches a paper the archive lacks from Hugging Face', async () => {
    const paper = loadFixture(FIXTURES.day0731)[0]!.paper;
    d.hf.setPaper(String(paper.id), paper);
    const message = d.harness.fake.addMessage(FAKE_CHANNEL_ID, {
      content: 'this one', embeds: [{ title: 'A paper', url: `https://huggingface.co/papers/${String(paper.id)}` }],
    });
    expect(await paperCard(message)).toContain('here.');
    expect(papersOf(d.posts()).map((post) => post.paperId)).toEqual([paper.id]);
  });

  it('says so, and posts nothing, when the message links to no paper', async () => {
    const message = d.harness.fake.addMessage(FAKE_CHANNEL_ID, { content: 'lunch at noon? https://example.com/menu' });
    expect(await paperCard(message)).toMatch(/^That message links to no paper: /u);
    expect(papersOf(d.posts())).toEqual([]);
    expect(d.errors()).toEqual([]);
  });
});
