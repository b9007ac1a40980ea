/**
 * Reaction upvotes as only Discord shows them, beside the chat-platform contract
 * (test/contracts/): the bot's own upvotes come back to it on the gateway and count for nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CHANNEL_ID, type Json } from '../../fakes/discord/index.js';
import { startDiscordHarness, type DiscordHarness } from './harness.js';

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness();
});
afterEach(async () => {
  await h.stop();
});

/** Posts the latest digest (three papers); returns its paper messages. */
async function postDigest(): Promise<Json[]> {
  await h.reply(h.admin('subscribe', { max_papers: 3 }));
  await h.deferred(h.admin('today'));
  return h.fake.messages(FAKE_CHANNEL_ID).filter((message) => message.webhook_id === undefined && Array.isArray(message.embeds) && message.embeds.length > 0);
}

const paperIdOf = (message: Json | undefined): string => {
  const url = (message?.embeds as { url?: string }[] | undefined)?.[0]?.url ?? '';
  return url.slice(url.lastIndexOf('/') + 1);
};

describe('reaction upvotes', () => {
  it('ignores the upvotes the bot adds to its own posts, which come back on the gateway', async () => {
    const papers = await postDigest();
    const own = h.logEntries().filter((entry) => entry.msg === 'reaction handled' && entry.user === h.fake.ids.botUserId);
    expect(own).toHaveLength(3);
    for (const entry of own) expect(entry.outcome).toEqual({ status: 'ignored', reason: 'bot' });
    for (const paper of papers) expect(await h.votesFor(paperIdOf(paper))).toBe(0);
  });
});
