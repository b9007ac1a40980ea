/**
 * The Discord proxy in front of the fake Discord: REST passes through with the caller's token,
 * a request over the shared budget is answered 429 before it reaches Discord, interaction
 * callbacks are never held back, and IDENTIFY turns queue per concurrency bucket.
 */
import { REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { startDiscordProxy, type DiscordProxy } from '../../../src/platforms/discord/rest-proxy.js';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord/index.js';
import { identifyRaw, type RawSession } from '../../fakes/discord/raw-gateway.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.proxy-test-token';
let fake: DiscordFake;
let proxy: DiscordProxy;
let session: RawSession | undefined;
const lines: string[] = [];
const logger = createLogger({ level: 'debug', destination: { write: (line: string) => { lines.push(line); } } });

async function start(requestsPerSecond = 50, upstream?: string): Promise<void> {
  proxy = await startDiscordProxy({ upstream: upstream ?? fake.apiUrl, host: '127.0.0.1', port: 0, requestsPerSecond, logger });
}

beforeEach(async () => {
  fake = await startDiscordFake({ token: TOKEN });
  lines.length = 0;
});

afterEach(async () => {
  session?.close();
  session = undefined;
  await proxy.close();
  await fake.stop();
});

const viaProxy = (path: string, init: { method?: string; body?: string } = {}): Promise<Response> =>
  fetch(`${proxy.url}/api/v10${path}`, { ...init, headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' } });

function turn(shardId: number, maxConcurrency: number, signal?: AbortSignal): Promise<Response> {
  return fetch(`${proxy.url}/identify`, {
    method: 'POST',
    headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ shardId, maxConcurrency }),
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('Discord proxy', () => {
  it('passes REST through with the caller\'s token and answers what Discord answered', async () => {
    await start();
    const rest = new REST({ api: `${proxy.url}/api`, retries: 0 }).setToken(TOKEN);
    expect(await rest.get(Routes.user('@me'))).toMatchObject({ id: fake.ids.botUserId });
    expect(fake.requestsTo('user.me')[0]?.auth).toBe(`Bot ${TOKEN}`);
    const wrong = new REST({ api: `${proxy.url}/api`, retries: 0 }).setToken('not-the-token');
    await expect(wrong.get(Routes.user('@me'))).rejects.toMatchObject({ status: 401 });
    const missing = await viaProxy('/channels/3999999999999999999/messages', { method: 'POST', body: JSON.stringify({ content: 'hi' }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: RESTJSONErrorCodes.UnknownChannel });
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    wrong.clearHashSweeper();
    wrong.clearHandlerSweeper();
  });

  it('answers 429 with Retry-After instead of sending Discord more than the budget, and never holds back an interaction callback', async () => {
    await start(2);
    session = await identifyRaw(fake.gatewayUrl, TOKEN);
    const interaction = fake.interaction({});
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await viaProxy('/users/@me')).status);
    const limited = await viaProxy('/users/@me');
    expect([...statuses, limited.status]).toEqual([200, 200, 429, 429]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(fake.requestsTo('user.me')).toHaveLength(2);

    const callback = await fetch(`${proxy.url}/api/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 5 }),
    });
    expect(callback.status).toBe(204);
    expect(fake.interactionAcks().map((ack) => ack.type)).toEqual([5]);
  });

  it('spaces the requests it lets through evenly, so no second of Discord\'s sees more than the budget however its clocks align', async () => {
    await start(10);
    // One window's worth at once: the budget's fixed window passes all ten; the pacing sends
    // them a tenth of a second apart instead of in one burst.
    const statuses = await Promise.all(Array.from({ length: 10 }, () => viaProxy('/users/@me').then((response) => response.status)));
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 200));
    const arrivals = fake.requestsTo('user.me').map((request) => request.time).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(10);
    // Nine gaps of 100 ms; a few ms less for the way from the proxy to the fake.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(880);
  });

  it('gives IDENTIFY turns per concurrency bucket: a second shard of a bucket waits, another bucket does not', async () => {
    await start();
    expect((await turn(0, 2)).status).toBe(204);
    const waiting = new AbortController();
    const second = turn(2, 2, waiting.signal).then((response) => response.status, () => 'gave up');
    expect((await turn(1, 2)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    waiting.abort();
    expect(await second).toBe('gave up');
    const turns = lines.map((line) => JSON.parse(line) as { msg?: string; shard?: number }).filter((entry) => entry.msg === 'identify turn given');
    expect(turns.map((entry) => entry.shard)).toEqual([0, 1]);
  });

  it('says what is wrong with a turn request, answers /healthz, and 502 when Discord cannot be reached', async () => {
    await start(50, 'http://127.0.0.1:9/api');
    expect((await fetch(`${proxy.url}/identify`, { method: 'POST', body: '{}' })).status).toBe(401);
    const bad = await fetch(`${proxy.url}/identify`, { method: 'POST', headers: { authorization: `Bot ${TOKEN}` }, body: '{"shardId":-1}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: 'expected {"shardId": n, "maxConcurrency": n}' });
    expect(await (await fetch(`${proxy.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${proxy.url}/other`)).status).toBe(404);
    const unreachable = await viaProxy('/users/@me');
    expect(unreachable.status).toBe(502);
    expect(lines.some((line) => line.includes('could not reach Discord'))).toBe(true);
    expect(lines.join('')).not.toContain(TOKEN);
  });
});
