import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf, spreadGuildId, spreadGuilds, startDiscordFake, type DiscordFake, type DiscordFakeOptions, type Json } from './index.js';
import { identifyRaw, type IdentifyAnswer, type RawSession } from './raw-gateway.js';

const TOKEN = 'fake-token.abc.def';
let fake: DiscordFake | undefined;
const clients: Client[] = [];
const sessions: RawSession[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  for (const session of sessions.splice(0)) session.close();
  await fake?.stop();
  fake = undefined;
});

async function start(options: DiscordFakeOptions): Promise<DiscordFake> {
  fake = await startDiscordFake(options);
  return fake;
}

/** What the gateway answers a raw IDENTIFY with: the first dispatch, op 9, or a close code. */
async function identify(f: DiscordFake, shard: readonly [number, number] | undefined, token = TOKEN): Promise<IdentifyAnswer> {
  const session = await identifyRaw(f.gatewayUrl, token, shard);
  sessions.push(session);
  return session.answer;
}

async function gatewayBot(f: DiscordFake, token = TOKEN): Promise<Json> {
  const response = await fetch(`${f.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${token}` } });
  return (await response.json()) as Json;
}

describe('fake Discord sharding', () => {
  it('spreads guild ids over the shards for every shard count up to 16', () => {
    for (let count = 1; count <= 16; count += 1) {
      expect(Array.from({ length: 2 * count }, (_, i) => shardOf(spreadGuildId(i), count))).toEqual(Array.from({ length: 2 * count }, (_, i) => i % count));
    }
    expect(spreadGuildId(0)).toMatch(/^\d{19}$/u);
  });

  it('reports the recommended shards and the session start limit per token, and counts each IDENTIFY', async () => {
    const f = await start({ gateway: { shards: 4, maxConcurrency: 2, sessionStarts: 10 } });
    expect(await gatewayBot(f)).toMatchObject({ url: f.gatewayUrl, shards: 4, session_start_limit: { total: 10, remaining: 10, max_concurrency: 2 } });
    expect((await identify(f, [0, 4])).t).toBe('READY');
    expect((await identify(f, [1, 4])).t).toBe('READY');
    expect(await gatewayBot(f)).toMatchObject({ session_start_limit: { remaining: 8 } });
    expect(await gatewayBot(f, 'another-bot')).toMatchObject({ session_start_limit: { remaining: 10 } });
  });

  it('refuses a second IDENTIFY in the same concurrency bucket within 5 s with op 9, and lets other buckets in', async () => {
    const f = await start({ gateway: { shards: 4, maxConcurrency: 2 } });
    expect((await identify(f, [0, 4])).t).toBe('READY');
    expect((await identify(f, [1, 4])).t).toBe('READY');
    expect(await identify(f, [2, 4])).toEqual({ op: 9, d: false });
    expect((await identify(f, [3, 4], 'another-bot')).t).toBe('READY');
    expect(f.identifyRejections()).toMatchObject([{ token: TOKEN, shard: [2, 4], reason: 'identify-concurrency' }]);
    expect(f.identifyRejections()[0]?.sinceLastMs).toBeLessThan(5000);
  });

  it('lets a bucket identify again once its interval has passed', async () => {
    const f = await start({ gateway: { identifyIntervalMs: 300 } });
    expect((await identify(f, undefined)).t).toBe('READY');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await identify(f, undefined)).t).toBe('READY');
    expect(f.identifyRejections()).toEqual([]);
  });

  it('refuses IDENTIFY once the session starts are used up, and closes an invalid shard with 4010', async () => {
    const f = await start({ gateway: { shards: 2, maxConcurrency: 2, sessionStarts: 1 } });
    expect((await identify(f, [0, 2])).t).toBe('READY');
    expect(await identify(f, [1, 2])).toEqual({ op: 9, d: false });
    expect(f.identifyRejections().map((r) => r.reason)).toEqual(['session-start-limit']);
    expect(await identify(f, [2, 2])).toEqual({ close: 4010 });
  });

  it('runs the shards /gateway/bot recommends with discord.js and delivers each guild\'s events to its shard only', async () => {
    const f = await start({ guilds: spreadGuilds(4), gateway: { shards: 2, maxConcurrency: 2 } });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
      partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
      shards: 'auto',
      rest: { api: f.apiUrl },
    });
    clients.push(client);
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => { resolve(); }));
    await client.login(TOKEN);
    await ready;

    expect(f.sessions().map((s) => s.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(client.guilds.cache.map((guild) => [guild.id, guild.shardId]).sort()).toEqual(spreadGuilds(4).map((g, i) => [g.id, i % 2]).sort());
    const guildCreates = f.dispatched().filter((d) => d.t === 'GUILD_CREATE');
    expect(guildCreates.map((d) => [String(d.d.id), d.shard[0]]).sort()).toEqual(spreadGuilds(4).map((g, i) => [g.id, i % 2]).sort());

    const received: [string, number][] = [];
    client.on(Events.Raw, (packet: { t?: string }, shardId: number) => {
      if (packet.t === 'INTERACTION_CREATE') received.push([packet.t, shardId]);
    });
    f.interaction({ guildId: spreadGuildId(3) });
    await expect.poll(() => received).toEqual([['INTERACTION_CREATE', 1]]);
    const records = f.dispatched().filter((d) => d.t === 'INTERACTION_CREATE');
    expect(records.map((d) => [d.shard[0], d.droppedForShard ?? false])).toEqual([[0, true], [1, false]]);
  });
});

describe('fake Discord global rate limit', () => {
  const call = (f: DiscordFake, token: string, path: string, body?: unknown): Promise<Response> => fetch(`${f.apiUrl}/v10${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bot ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

  it('counts the global limit per bot token across connections, answers global 429s beyond it, and exempts interaction callbacks', async () => {
    const f = await start({ rateLimit: { globalPerSecond: 5, messagesPerChannel: 100 } });
    expect((await identify(f, undefined)).t).toBe('READY');
    const interaction = f.interaction({});
    const first = await Promise.all(Array.from({ length: 5 }, () => call(f, TOKEN, '/users/@me')));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // Callbacks carry no bot token and do not count.
    const callback = await fetch(`${f.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 5 }),
    });
    expect(callback.status).toBe(204);
    const limited = await call(f, TOKEN, '/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await limited.json()).toMatchObject({ global: true });
    expect((await call(f, 'another-bot', '/users/@me')).status).toBe(200);
    expect(f.globalRateLimits(TOKEN)).toBe(1);
    expect(f.globalRateLimits('another-bot')).toBe(0);
    expect(f.globalRateLimits()).toBe(1);
  });
});
