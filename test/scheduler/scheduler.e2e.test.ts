/**
 * The scheduler end to end with a fake clock and a fake cron: the real bot (discord.js and
 * Bolt) against the fake Discord, Slack and Hugging Face, through missed runs, the next day's
 * cron tick, Hugging Face outages, 429 storms, 5xx bursts, a vanishing channel and bad items.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { startPaperboy, type Paperboy } from '../../src/main.js';
import { discordPlatform } from '../../src/platforms/discord/platform.js';
import { slackPlatform } from '../../src/platforms/slack/platform.js';
import type { CronPort } from '../../src/scheduler/cron.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { FAKE_GUILD_ID, startDiscordFake, type DiscordFake } from '../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';
import { fakesEnv, testConfig } from '../support/test-config.js';
import type { Subscription } from '../../src/core/subscription.js';

const D1 = '2026-06-12';
const D2 = '2026-06-13';
const DISCORD_CHANNELS = ['3100000000000000001', '3100000000000000002'];
const SLACK_CHANNELS = ['CSCHED1', 'CSCHED2'];

interface World {
  discord: DiscordFake;
  slack: SlackFake;
  hf: HfServer;
  bot: Paperboy;
  setNow(iso: string): void;
  cronJobs: Map<string, () => void>;
  stores(): ReturnType<typeof createSqliteStores>;
}

let world: World | undefined;
afterEach(async () => {
  if (!world) return;
  await world.bot.stop();
  await Promise.all([world.discord.stop(), world.slack.stop(), world.hf.close()]);
  world = undefined;
});

const day = (date: string) => loadFixture(FIXTURES.day0612).map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${date}T00:00:00.000Z` } }));

async function start(options: { now: string; maxPapers?: number; prepare?: (hf: HfServer, discord: DiscordFake, slack: SlackFake) => void }): Promise<World> {
  const discord = await startDiscordFake({ guilds: [{ id: FAKE_GUILD_ID, channels: DISCORD_CHANNELS.map((id) => ({ id })) }] });
  const slack = await startSlackFake({ botToken: 'xoxb-test' });
  const hf = await startHfServer();
  options.prepare?.(hf, discord, slack);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-sched-'));
  const databasePath = join(dir, 'paperboy.db');
  const stores = createSqliteStores(openDatabase(databasePath));
  const base: Omit<Subscription, 'platform' | 'workspaceId' | 'channelId'> = {
    time: '09:00', timezone: 'Europe/Berlin', maxPapers: options.maxPapers ?? 3, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
    weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0, createdBy: 'admin', createdAt: '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z',
  };
  for (const channelId of DISCORD_CHANNELS) await stores.subscriptions.saveSubscription({ platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId, ...base });
  for (const channelId of SLACK_CHANNELS) await stores.subscriptions.saveSubscription({ platform: 'slack', workspaceId: 'T0001', channelId, ...base });
  await stores.close();

  const tested = testConfig(fakesEnv({ hfUrl: hf.baseUrl, discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl, databasePath }));
  const config = {
    ...tested,
    schedule: { ...tested.schedule, slackMinIntervalMs: 0, tickSeconds: 3600 },
    health: { port: 0, host: '127.0.0.1' },
  };
  let now = new Date(options.now);
  const cronJobs = new Map<string, () => void>();
  const cron: CronPort = {
    schedule: (_expression, _timezone, name, run) => {
      cronJobs.set(name, run);
      return { stop: () => void cronJobs.delete(name) };
    },
  };
  const bot = await startPaperboy({ config, logger: silentLogger(), cwd: dir, platforms: [discordPlatform, slackPlatform], clock: { now: () => now }, cron });
  world = { discord, slack, hf, bot, cronJobs, setNow: (iso) => (now = new Date(iso)), stores: () => createSqliteStores(openDatabase(databasePath)) };
  return world;
}

function paperIds(w: World, platform: 'discord' | 'slack', channelId: string): string[] {
  if (platform === 'discord') {
    return w.discord.messages(channelId).map((m) => (m.embeds as { url?: string }[] | undefined)?.[0]?.url?.replace('https://huggingface.co/papers/', '') ?? 'header');
  }
  return w.slack.messages(channelId).map((m) => {
    const id = m.metadata?.event_payload.paper_id;
    return m.metadata?.event_type === 'paperboy_paper' && typeof id === 'string' ? id : 'header';
  });
}

const TOP3 = ['header', '2606.13681', '2606.13392', '2606.08063'];

describe('scheduled digests end to end', () => {
  it('makes up the missed run on start, then posts the next day on its cron tick, once per channel', async () => {
    const w = await start({ now: '2026-06-13T10:00:00Z', prepare: (hf) => { hf.setDay(D1, day(D1)); hf.setDay(D2, day(D2).slice(0, 5)); } });
    await w.bot.scheduler.idle();
    for (const id of DISCORD_CHANNELS) expect(paperIds(w, 'discord', id)).toEqual(TOP3);
    for (const id of SLACK_CHANNELS) expect(paperIds(w, 'slack', id)).toEqual(TOP3);
    expect(w.cronJobs.size).toBe(4);

    w.setNow('2026-06-14T07:00:05Z');
    for (const run of w.cronJobs.values()) run();
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    await w.bot.scheduler.idle();
    await w.bot.scheduler.runDue();
    for (const id of DISCORD_CHANNELS) expect(paperIds(w, 'discord', id)).toHaveLength(8);
    for (const id of SLACK_CHANNELS) expect(paperIds(w, 'slack', id)).toHaveLength(8);

    const health = await fetch(`http://127.0.0.1:${w.bot.healthPort ?? 0}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${w.bot.healthPort ?? 0}/metrics`)).text();
    expect(metrics).toMatch(/paperboy_digest_runs_total\{platform="discord",outcome="done"\} 4/u);
    expect(metrics).toMatch(/paperboy_posts_sent_total\{platform="slack"\} 16/u);
  });

  it('waits out Hugging Face being down, then posts; a day with invalid items posts its valid papers', async () => {
    const w = await start({
      now: '2026-06-13T07:00:30Z',
      maxPapers: 30,
      prepare: (hf) => {
        const items: unknown[] = day(D1);
        items.splice(1, 0, { paper: { title: 'no id' } }, 'garbage');
        hf.setDay(D1, items);
        hf.failNext({ kind: 'status', status: 503 }, 2);
      },
    });
    await w.bot.scheduler.idle();
    const stores = w.stores();
    expect((await stores.runs.getRun({ platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId: DISCORD_CHANNELS[0] ?? '' }, D1))?.sourceError).toMatch(/503/u);
    await stores.close();
    w.setNow('2026-06-13T07:02:00Z');
    await w.bot.scheduler.runDue();
    expect(paperIds(w, 'discord', DISCORD_CHANNELS[0] ?? '')).toEqual([]);
    w.setNow('2026-06-13T07:10:00Z');
    await w.bot.scheduler.runDue();
    for (const id of DISCORD_CHANNELS) expect(paperIds(w, 'discord', id)).toHaveLength(31);
    for (const id of SLACK_CHANNELS) expect(paperIds(w, 'slack', id)).toHaveLength(31);
  });

  it('lands every post once through 429 storms and 5xx bursts on both platforms', async () => {
    const w = await start({
      now: '2026-06-13T07:00:30Z',
      prepare: (hf, discord, slack) => {
        hf.setDay(D1, day(D1));
        discord.failNext({ route: 'message.create', status: 429, retryAfter: 1, count: 3 });
        discord.failNext({ route: 'message.create', status: 502, count: 2 });
        slack.failNext({ method: 'chat.postMessage', status: 429, retryAfter: 1, times: 3 });
      },
    });
    await w.bot.scheduler.idle();
    w.setNow('2026-06-13T07:20:00Z');
    await w.bot.scheduler.runDue();
    for (const id of DISCORD_CHANNELS) expect(paperIds(w, 'discord', id)).toEqual(TOP3);
    for (const id of SLACK_CHANNELS) expect(paperIds(w, 'slack', id)).toEqual(TOP3);
  });

  it('pauses a channel that disappears mid-run after three permanent failures, and keeps serving the others', async () => {
    const vanishing = DISCORD_CHANNELS[1] ?? '';
    const w = await start({
      now: '2026-06-13T07:00:30Z',
      prepare: (hf, discord, slack) => {
        hf.setDay(D1, day(D1));
        // The Discord channel is deleted as soon as its digest header arrives, mid-run.
        void discord
          .waitForRequest((request) => request.route === 'message.create' && request.params.channel === vanishing, 10_000)
          .then(() => discord.deleteChannel(vanishing));
        slack.setChannel({ id: SLACK_CHANNELS[1] ?? '', notFound: true });
      },
    });
    await w.bot.scheduler.idle();
    for (const at of ['2026-06-13T07:02:00Z', '2026-06-13T07:08:00Z', '2026-06-13T07:30:00Z']) {
      w.setNow(at);
      await w.bot.scheduler.runDue();
    }
    expect(paperIds(w, 'discord', DISCORD_CHANNELS[0] ?? '')).toEqual(TOP3);
    expect(paperIds(w, 'slack', SLACK_CHANNELS[0] ?? '')).toEqual(TOP3);
    // Its header was accepted, then the channel vanished and the papers met Unknown Channel.
    const sends = w.discord.requests.filter((request) => request.route === 'message.create' && request.params.channel === vanishing);
    expect(sends[0]?.status).toBe(200);
    expect(sends.at(-1)?.status).toBe(404);
    const stores = w.stores();
    const gone = await stores.subscriptions.getSubscription({ platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId: vanishing });
    const slackGone = await stores.subscriptions.getSubscription({ platform: 'slack', workspaceId: 'T0001', channelId: SLACK_CHANNELS[1] ?? '' });
    await stores.close();
    expect(gone?.pausedAt).toBeDefined();
    expect(gone?.pauseReason).toMatch(/10003|no longer exists/u);
    expect(slackGone?.pausedAt).toBeDefined();
    expect(slackGone?.pauseReason).toMatch(/channel_not_found/u);
    const metrics = w.bot.metrics.registry.render();
    expect(metrics).toMatch(/paperboy_digest_runs_total\{platform="discord",outcome="paused"\} 1/u);
    expect(metrics).toMatch(/paperboy_posts_sent_total\{platform="slack"\} 4/u);
  });
});
