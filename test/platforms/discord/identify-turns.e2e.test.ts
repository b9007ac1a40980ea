/**
 * Identify concurrency across instances: Discord lets a token's shards IDENTIFY one per
 * `shard_id % max_concurrency` bucket every 5 s, whichever process they run in. Instances that
 * share the Discord proxy (DISCORD_PROXY_URL) take turns there; instances that each keep their
 * own throttler do not, and the fake refuses one of them with op 9, as Discord would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { startDiscordProxy, type DiscordProxy } from '../../../src/platforms/discord/rest-proxy.js';
import { spreadGuilds, startDiscordFake, type DiscordFake, type Json } from '../../fakes/discord/index.js';
import { createInstances, identifyTimes, IDENTIFY_INTERVAL_MS, type Instances } from './instances.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.identify-test-token';

let fake: DiscordFake | undefined;
let proxy: DiscordProxy | undefined;
let instances: Instances | undefined;
afterEach(async () => {
  await instances?.stop();
  await proxy?.close();
  await fake?.stop();
  instances = undefined;
  proxy = undefined;
  fake = undefined;
});

/** A fake with two shards in one concurrency bucket (max_concurrency 1). */
async function setUp(): Promise<{ fake: DiscordFake; instances: Instances }> {
  fake = await startDiscordFake({ token: TOKEN, guilds: spreadGuilds(2), gateway: { shards: 2, maxConcurrency: 1 } });
  instances = await createInstances(fake, TOKEN);
  return { fake, instances };
}

/** One instance per shard, started together. */
async function startBoth(all: Instances, env: Record<string, string>): Promise<void> {
  await Promise.all(['0', '1'].map((shard) => all.start({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: shard, ...env })));
}

describe('IDENTIFY turns across instances', () => {
  it('gives instances sharing the proxy one IDENTIFY per bucket every 5 s, so Discord refuses none', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => { lines.push(line); } } });
    const { fake: f, instances: all } = await setUp();
    proxy = await startDiscordProxy({ upstream: f.apiUrl, host: '127.0.0.1', port: 0, requestsPerSecond: 50, logger });
    await startBoth(all, { DISCORD_PROXY_URL: proxy.url });

    expect(f.sessions().map((session) => session.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(f.identifyRejections()).toEqual([]);
    const [first = 0, second = 0] = identifyTimes(f);
    expect(second - first).toBeGreaterThanOrEqual(IDENTIFY_INTERVAL_MS);
    const turns = lines.map((line) => JSON.parse(line) as Json).filter((entry) => entry.msg === 'identify turn given');
    expect(turns.map((entry) => entry.shard).sort()).toEqual([0, 1]);
  }, 30_000);

  it('without the proxy, the second instance\'s IDENTIFY is refused and it connects only after waiting', async () => {
    const { fake: f, instances: all } = await setUp();
    await startBoth(all, {});
    expect(f.identifyRejections()).toMatchObject([{ reason: 'identify-concurrency' }]);
    expect(f.sessions()).toHaveLength(2);
  }, 30_000);
});
