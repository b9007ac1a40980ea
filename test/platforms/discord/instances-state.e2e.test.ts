/**
 * Two instances on one PostgreSQL database, each running one of two Discord shards: a channel's
 * `/paperboy status` reads the same on both, before and after a change made through either, and `/paperboy today`
 * asked of both at once for one channel posts the digest once (they take turns through the
 * database). Nothing either answers comes from its own process's memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spreadGuildId, spreadGuilds, startDiscordFake, type DiscordFake } from '../../fakes/discord/index.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';
import { createInstances, type Instances } from './instances.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.state-test-token';
const GUILDS = spreadGuilds(2);

let fake: DiscordFake | undefined;
let instances: Instances | undefined;
let database: PostgresTestDatabase | undefined;
afterEach(async () => {
  await instances?.stop();
  await fake?.stop();
  await database?.drop();
  [instances, fake, database] = [undefined, undefined, undefined];
});

describe('state shared by instances', () => {
  it('answers /paperboy status the same on every instance, and posts a channel\'s digest once when both are asked for it', async () => {
    fake = await startDiscordFake({ token: TOKEN, guilds: GUILDS, gateway: { shards: 2, maxConcurrency: 2 } });
    database = await createPostgresDatabase();
    instances = await createInstances(fake, TOKEN);
    const env = (shard: string) => ({ DATABASE_URL: database?.url ?? '', DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: shard });
    const [a, b] = await Promise.all([instances.start(env('0')), instances.start(env('1'))]);
    const channel = { platform: 'discord' as const, workspaceId: spreadGuildId(1), channelId: String(GUILDS[1]?.channels?.[0]?.id) };

    expect((await a.paperboy.useCases.subscribe(channel, 'admin', {})).status).toBe('created');
    const before = await b.paperboy.useCases.status(channel);
    expect(before.subscription?.channelId).toBe(channel.channelId);
    expect(await a.paperboy.useCases.status(channel)).toEqual(before);

    const outcomes = await Promise.all([a.paperboy.useCases.postLatestDigest(channel), b.paperboy.useCases.postLatestDigest(channel)]);
    const posted = outcomes.flatMap((outcome) => (outcome.status === 'posted' ? outcome.posted : []));
    expect(posted.length).toBeGreaterThan(1);
    // One header and each paper once, whichever instance won the turn.
    expect(fake.messages(channel.channelId)).toHaveLength(1 + posted.length);
    expect(new Set(posted).size).toBe(posted.length);

    // A change made through one instance shows on the other at once.
    expect((await b.paperboy.useCases.subscribe(channel, 'admin', { time: '07:30' })).status).toBe('updated');
    const after = await a.paperboy.useCases.status(channel);
    expect(after.subscription?.time).toBe('07:30');
    expect(await b.paperboy.useCases.status(channel)).toEqual(after);
  }, 60_000);
});
