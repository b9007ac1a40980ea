/**
 * Discord sharding as `paperboy start` runs it: DISCORD_SHARD_COUNT and DISCORD_SHARDS split the
 * gateway between instances, each answers the guilds of its own shards and posts to any channel,
 * /healthz and /metrics say which shards an instance runs and whether each is connected, and with
 * neither setting one instance runs every shard /gateway/bot recommends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spreadGuildId, spreadGuilds, startDiscordFake, type DiscordFake, type Json } from '../../fakes/discord/index.js';
import { UPVOTE } from './harness.js';
import { createInstances, identifyTimes, IDENTIFY_INTERVAL_MS, type Instance, type Instances } from './instances.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.shard-test-token';
/** Four guilds over two shards: guilds 0 and 2 on shard 0, guilds 1 and 3 on shard 1. */
const GUILDS = spreadGuilds(4);

let fake: DiscordFake | undefined;
let instances: Instances | undefined;
afterEach(async () => {
  await instances?.stop();
  await fake?.stop();
  instances = undefined;
  fake = undefined;
});

async function setUp(gateway: { shards: number; maxConcurrency: number; sessionStarts?: number }): Promise<{ fake: DiscordFake; instances: Instances }> {
  fake = await startDiscordFake({ token: TOKEN, guilds: GUILDS, gateway });
  instances = await createInstances(fake, TOKEN);
  return { fake, instances };
}

const channelOf = (guild: number): string => String(GUILDS[guild]?.channels?.[0]?.id);

async function health(instance: Instance): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${instance.healthUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as Json };
}

const metrics = async (instance: Instance): Promise<string> => (await fetch(`${instance.healthUrl}/metrics`)).text();

/** How many commands an instance answered, from its own /metrics. */
async function commandsAnswered(instance: Instance): Promise<number> {
  const line = (await metrics(instance)).split('\n').find((l) => l.startsWith('paperboy_command_duration_seconds_count{platform="discord"'));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('Discord shards split between instances', () => {
  it('runs the shards DISCORD_SHARDS names, answers only its own guilds, posts to any, and says so on /healthz and /metrics', async () => {
    const { fake: f, instances: all } = await setUp({ shards: 2, maxConcurrency: 2 });
    const [first, second] = await Promise.all([
      all.start({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '0' }),
      all.start({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1' }),
    ]);
    expect(f.sessions().map((session) => session.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(f.identifyRejections()).toEqual([]);

    // A command in guild 3 (shard 1) is answered by the second instance alone.
    const sent = f.interaction({ name: 'paperboy', guildId: spreadGuildId(3) });
    await f.waitForRequest((r) => r.params.token === sent.token && r.route === 'interaction.callback', 5_000);
    await expect.poll(() => commandsAnswered(second)).toBe(1);
    expect(await commandsAnswered(first)).toBe(0);

    // A reaction in guild 2 (shard 0) reaches the first instance alone.
    const message = f.addMessage(channelOf(2));
    f.reactionAdd({ guildId: spreadGuildId(2), channelId: channelOf(2), messageId: String(message.id), emoji: UPVOTE });
    const handled = (instance: Instance) => instance.logEntries().filter((entry) => entry.msg === 'reaction handled' && entry.messageId === message.id).length;
    await expect.poll(() => handled(first)).toBe(1);
    expect(handled(second)).toBe(0);

    // Posting is REST: the first instance posts digests to channels of guilds 1 and 3, on shard
    // 1, one of them in a thread, and fetches each channel once however many messages it sends.
    const [plain, threaded] = [1, 3].map((guild) => ({ platform: 'discord' as const, workspaceId: spreadGuildId(guild), channelId: channelOf(guild) }));
    if (plain === undefined || threaded === undefined) throw new Error('two channels expected');
    await first.paperboy.useCases.subscribe(threaded, 'admin', { thread: true });
    const outcomes = [await first.paperboy.useCases.postLatestDigest(plain), await first.paperboy.useCases.postLatestDigest(threaded)];
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['posted', 'posted']);
    const papers = outcomes[0]?.status === 'posted' ? outcomes[0].posted.length : 0;
    expect(papers).toBeGreaterThan(1);
    expect(f.messages(channelOf(1))).toHaveLength(1 + papers);
    expect(f.messages(channelOf(3))).toHaveLength(1);
    expect(f.messages()).toHaveLength(2 + 2 * papers + 1);
    const channelFetches = f.requestsTo('channel.get').map((request) => request.params.channel);
    expect(channelFetches).toHaveLength(new Set(channelFetches).size);

    expect(await health(first)).toEqual({
      status: 200,
      body: { status: 'ok', problems: [], details: { discord: { shardCount: 2, shards: [expect.objectContaining({ id: 0, status: 'ready', connected: true })] }, claims: { instance: expect.any(String) as string, held: [] } } },
    });
    expect(await metrics(second)).toContain('paperboy_shard_connected{platform="discord",shard="1"} 1');
    expect(await metrics(second)).toContain('paperboy_shard_count{platform="discord"} 2');
    expect(await metrics(second)).not.toContain('shard="0"');

    // Shard 1 goes down for good (4004 is not resumed): only the second instance is unhealthy.
    f.closeGateway(4004, 1);
    await expect.poll(async () => (await health(second)).status).toBe(503);
    expect((await health(second)).body).toMatchObject({
      problems: [{ check: 'discord', problem: 'shard 1 (disconnected) of 2 not connected' }],
      details: { discord: { shardCount: 2, shards: [{ id: 1, status: 'disconnected', connected: false }] } },
    });
    expect(await metrics(second)).toContain('paperboy_shard_connected{platform="discord",shard="1"} 0');
    expect((await health(first)).status).toBe(200);
  });

  it('runs every shard /gateway/bot recommends when neither setting is given, one IDENTIFY per bucket every 5 s', async () => {
    const { fake: f, instances: all } = await setUp({ shards: 2, maxConcurrency: 1 });
    const only = await all.start();
    expect(f.sessions().map((session) => session.shard).sort()).toEqual([[0, 2], [1, 2]]);
    // One concurrency bucket: discord.js waits its turn for the second shard, and Discord refuses none.
    expect(f.identifyRejections()).toEqual([]);
    const [first = 0, second = 0] = identifyTimes(f);
    expect(second - first).toBeGreaterThanOrEqual(IDENTIFY_INTERVAL_MS);
    expect((await health(only)).body).toMatchObject({ details: { discord: { shardCount: 2, shards: [{ id: 0, connected: true }, { id: 1, connected: true }] } } });
    f.interaction({ name: 'paperboy', guildId: spreadGuildId(1) });
    f.interaction({ name: 'paperboy', guildId: spreadGuildId(2) });
    await expect.poll(() => commandsAnswered(only)).toBe(2);
  });

  it('refuses to start when the session start limit cannot cover its shards, saying why', async () => {
    const { instances: all } = await setUp({ shards: 2, maxConcurrency: 2, sessionStarts: 1 });
    await expect(all.start()).rejects.toThrow(/Not enough sessions remaining to spawn 2 shards; only 1 remaining/u);
  });
});
