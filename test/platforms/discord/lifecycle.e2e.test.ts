/**
 * The Discord client as `paperboy start` runs it: login with DISCORD_TOKEN against the REST base
 * DISCORD_API_URL names (the gateway URL comes from its /gateway/bot), only the two intents
 * needed, caches that stay small, a gateway drop survived, and a clean stop.
 */
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRunningDiscord } from '../../../src/platforms/discord/platform.js';
import { FAKE_CHANNEL_ID, type Json } from '../../fakes/discord/index.js';
import { DISCORD_TOKEN, UPVOTE, contentOf, startDiscordHarness, type DiscordHarness } from './harness.js';

const GUILDS = 1 << 0;
const GUILD_MESSAGE_REACTIONS = 1 << 10;

let h: DiscordHarness;
beforeEach(async () => {
  h = await startDiscordHarness({ seed: true });
});
afterEach(async () => {
  await h.stop();
});

function client(): Client {
  const discord = h.paperboy.platforms.find(isRunningDiscord);
  if (discord === undefined) throw new Error('Discord did not start');
  return discord.client;
}

describe('Discord client', () => {
  it('logs in with DISCORD_TOKEN through the fake\'s /gateway/bot, asking for guilds and reactions only', async () => {
    expect(h.fake.requestsTo('gateway.bot').map((request) => request.auth)).toEqual([`Bot ${DISCORD_TOKEN}`]);
    expect(h.fake.gatewayConnects()).toEqual(['/?v=10&encoding=json']);
    const identify = await h.fake.waitForIdentify();
    // No privileged intent (members 1<<1, presences 1<<8, message content 1<<15) is requested.
    expect(identify.d).toMatchObject({ token: DISCORD_TOKEN, intents: GUILDS | GUILD_MESSAGE_REACTIONS });
    expect(client().user?.id).toBe(h.fake.ids.botUserId);
    expect(h.fake.unknownRequests()).toEqual([]);
  });

  it('refuses to start with a token Discord rejects, saying why', async () => {
    const other = await startDiscordHarness({ fake: { token: 'the-right-token' } }).catch((error: unknown) => error);
    expect(other).toBeInstanceOf(Error);
    expect((other as Error).message).toMatch(/401|Unauthorized|token/iu);
  });

  it('keeps no users, members or reactions in memory from a stream of votes', async () => {
    await h.reply(h.admin('subscribe', { max_papers: 1 }));
    await h.deferred(h.admin('today'));
    const paper = h.fake.messages(FAKE_CHANNEL_ID).find((message) => Array.isArray(message.embeds) && message.embeds.length > 0);
    for (let i = 0; i < 50; i++) {
      const userId = String(4100000000000000000n + BigInt(i));
      const member: Json = { user: { id: userId, username: `u${i}`, discriminator: '0', avatar: null }, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
      h.fake.reactionAdd({ messageId: String(paper?.id), userId, emoji: UPVOTE, member });
    }
    await h.waitForLog((entry) => entry.msg === 'reaction handled' && (entry.outcome as { votes?: number } | undefined)?.votes === 50);
    const discord = client();
    expect(discord.users.cache.size).toBeLessThanOrEqual(1);
    expect(discord.guilds.cache.first()?.members.cache.size ?? 0).toBeLessThanOrEqual(1);
    const cached = discord.channels.cache.get(FAKE_CHANNEL_ID);
    const reactions = cached?.isTextBased() === true ? cached.messages.cache.get(String(paper?.id))?.reactions.cache.size ?? 0 : 0;
    expect(reactions).toBe(0);
  });

  it('resumes after the gateway drops and keeps answering commands', async () => {
    h.fake.closeGateway(4000);
    await h.waitForLog((entry) => entry.msg === 'gateway resumed');
    const { calls } = await h.deferred({ name: 'papers', options: { query: 'memory' } });
    expect(contentOf(calls.at(-1))).toContain('Results for "memory"');
    expect(h.fake.gatewayFrames().map((frame) => frame.op)).toContain(6);
  });

  it('finishes a command in progress before it stops, then closes the gateway', async () => {
    h.hf.failNext({ kind: 'hang', ms: 300 });
    const sent = h.fake.interaction({ ...h.admin('today'), channelId: FAKE_CHANNEL_ID });
    await h.fake.waitForRoute('interaction.callback', (request) => request.params.token === sent.token);
    await h.paperboy.stop();
    const calls = h.fake.interactionRequests(sent);
    expect(calls.map((call) => call.route)).toEqual(['interaction.callback', 'webhook.original.edit']);
    expect(contentOf(calls.at(-1))).toMatch(/^Posted \d+ papers of 2026-06-12\.$/u);
    expect(h.fake.hasSession()).toBe(false);
    expect(h.logs()).toContain('"msg":"stopped"');
  });
});
