/**
 * Several instances sharing the work, killed at random: three `paperboy start` processes on one
 * PostgreSQL database run four Discord shards between them (2 + 1 + 1) and post through one
 * `paperboy discord-proxy`, while 100 Discord and 100 Slack channels are due in the same minute.
 * A random instance is SIGKILLed mid-digest at least ten times and restarted; the runs it held
 * are taken over by the others once their lease ends. In the end every channel has every paper
 * exactly once, in order, under one header; the fake Discord answered no request with its global
 * 429; upvotes cast on every shard count once each; and `/paperboy top` reads the same on every
 * instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCompletePapersDay } from '../../src/core/papers-day.js';
import { openPostgresStores } from '../../src/store/postgres/stores.js';
import { spreadGuildId, spreadGuilds, startDiscordFake, type DiscordFake, type Json } from '../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { startProxyProcess } from '../support/discord-proxy-process.js';
import { REPO, exited, seededRandom, waitFor } from '../support/child-bot.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../support/postgres/databases.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE1.instances-crash-token';
const SHARD_COUNT = 4;
/** The shards each of the three instances runs. */
const SHARDS_OF = ['0,1', '2', '3'] as const;
const CHANNELS = 100;
/** max_papers: kept small so the 200 digests are short and the kills, not the posting, take the time. */
const PAPERS = 2;
const KILLS = 10;
/**
 * The fake's global limit per token, twice Discord's so the posting takes less time; the proxy
 * spends half of it (see rest-budget.e2e.test.ts). Each instance's own discord.js would spend
 * Discord's 50/s, so three without the shared budget could draw 429s.
 */
const GLOBAL_LIMIT = 100;
const random = seededRandom(20_261_203);

/** One guild per shard (guild i is on shard i), 25 channels each. */
const GUILDS = spreadGuilds(SHARD_COUNT, { channelsPerGuild: CHANNELS / SHARD_COUNT });
/** Two voters per guild, each voting only in their own. */
const voterOf = (guild: number, n: number): string => `50000000000000000${String(guild)}${String(n)}`;
const VOTERS = Array.from({ length: SHARD_COUNT }, (_, guild) => [0, 1].map((n) => ({ id: voterOf(guild, n), username: `voter-${String(guild)}-${String(n)}` }))).flat();
const discordChannels = GUILDS.flatMap((guild) => (guild.channels ?? []).map((channel) => ({ guildId: guild.id, id: channel.id })));
const slackChannels = Array.from({ length: CHANNELS }, (_, i) => `CMULTI${String(i)}`);

let discord: DiscordFake;
let slack: SlackFake;
let hf: HfServer;
let database: PostgresTestDatabase;
let cwd: string;
let proxyUrl: string;
const children: ChildProcess[] = [];
/** The instances' latest warnings and errors, for a failure message. */
let stderr = '';
/** Header then the papers, in order: what every channel must end with. */
let expected: string[] = [];

function instance(index: number): ChildProcess {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'paperboy.js'), 'start'], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HF_BASE_URL: hf.baseUrl,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_PROXY_URL: proxyUrl,
      DISCORD_SHARD_COUNT: String(SHARD_COUNT),
      DISCORD_SHARDS: SHARDS_OF[index] ?? '',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'instances-crash-secret',
      SLACK_API_URL: slack.apiUrl,
      SLACK_HOST: '127.0.0.1',
      SLACK_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-6000);
  });
  return child;
}

const paperOfEmbed = (message: Json): string => {
  const url = (message.embeds as { url?: string }[] | undefined)?.[0]?.url;
  return url ? url.replace('https://huggingface.co/papers/', '') : 'header';
};
const botPosts = (channelId: string): Json[] => discord.messages(channelId).filter((message) => message.webhook_id === undefined && (message.author as Json | undefined)?.id === discord.ids.botUserId);
const discordPapers = (channelId: string): string[] => botPosts(channelId).map(paperOfEmbed);
const slackPapers = (channelId: string): string[] =>
  slack.messages(channelId).map((message) => (message.metadata?.event_type === 'paperboy_paper' ? String(message.metadata.event_payload.paper_id) : 'header'));

const delivered = (): number =>
  discordChannels.reduce((sum, channel) => sum + botPosts(channel.id).length, 0) + slackChannels.reduce((sum, id) => sum + slack.messages(id).length, 0);
const complete = (): boolean =>
  discordChannels.every((channel) => discordPapers(channel.id).join() === expected.join()) && slackChannels.every((id) => slackPapers(id).join() === expected.join());



beforeAll(async () => {
  database = await createPostgresDatabase();
  [discord, slack, hf] = await Promise.all([
    startDiscordFake({
      token: TOKEN,
      guilds: GUILDS,
      users: VOTERS,
      rateLimit: { globalPerSecond: GLOBAL_LIMIT },
      // A restart identifies within Discord's 5 s of the killed one's IDENTIFY; waiting that out is not what this test is about.
      gateway: { shards: SHARD_COUNT, maxConcurrency: SHARD_COUNT, identifyIntervalMs: 0 },
    }),
    startSlackFake({ botToken: 'xoxb-test' }),
    startHfServer(),
  ]);
  const now = new Date();
  const day = latestCompletePapersDay(now);
  const items = loadFixture(FIXTURES.day0612);
  hf.setDay(day, items.map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` } })));
  expected = ['header', ...[...items]
    .sort((a, b) => Number(b.paper.upvotes) - Number(a.paper.upvotes) || String(a.paper.id).localeCompare(String(b.paper.id)))
    .slice(0, PAPERS)
    .map((item) => String(item.paper.id))];

  cwd = mkdtempSync(join(tmpdir(), 'paperboy-instances-crash-'));
  cpSync(join(REPO, 'config', 'default.json'), join(cwd, 'config', 'default.json'));
  writeFileSync(join(cwd, 'config', 'local.json'), JSON.stringify({
    huggingFace: { retries: 0, timeoutMs: 2000 },
    // A short lease and tick, so a killed instance's runs are taken over within seconds.
    schedule: { tickSeconds: 1, claimLeaseSeconds: 3, retryMinutes: [0.02], slackMinIntervalMs: 0, channelConcurrency: 4 },
  }));
  // Every channel's run was due a minute ago, in the same minute, so each start makes it up at once.
  const due = new Date(now.getTime() - 60_000);
  const stores = await openPostgresStores(database.url);
  try {
    const subscribe = (platform: 'discord' | 'slack', workspaceId: string, channelId: string) =>
      stores.subscriptions.saveSubscription({
        platform, workspaceId, channelId,
        time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: PAPERS, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
        weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
        createdBy: 'U0ADMIN', createdAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(), updatedAt: now.toISOString(),
      });
    for (const channel of discordChannels) await subscribe('discord', channel.guildId, channel.id);
    for (const id of slackChannels) await subscribe('slack', 'T0001', id);
  } finally {
    await stores.close();
  }
  proxyUrl = await startProxyProcess({ upstream: discord.apiUrl, cwd, requestsPerSecond: GLOBAL_LIMIT / 2, children });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await Promise.allSettled([discord.stop(), slack.stop(), hf.close()]);
  await database.drop();
  rmSync(cwd, { recursive: true, force: true });
});

/** Asks `/paperboy top` in a guild (so of the instance running its shard) and returns the answer's text. */
async function topIn(guild: number): Promise<string> {
  const sent = discord.interaction({ name: 'paperboy', subcommand: 'top', guildId: spreadGuildId(guild), userId: voterOf(guild, 0) });
  await discord.waitForRequest((request) => request.params.token === sent.token && request.route === 'interaction.callback', 15_000);
  const answers = discord.interactionRequests(sent).map((request) => (request.body as { data?: { content?: string } } | undefined)?.data?.content ?? (request.body as { content?: string } | undefined)?.content);
  return answers.filter((text): text is string => typeof text === 'string').join('\n');
}

describe('three instances sharing the digests, killed at random', () => {
  it(`delivers every paper to each of ${String(2 * CHANNELS)} channels exactly once and in order across ${String(KILLS)} SIGKILLs of random instances`, async () => {
    const running = [0, 1, 2].map(instance);
    const total = (discordChannels.length + slackChannels.length) * expected.length;
    // The first kill waits for the posting to start (three processes loading on a busy machine).
    expect(await waitFor(() => delivered() > 0, 45_000), `no instance started posting:\n${stderr}`).toBe(true);
    let kills = 0;
    while (kills < KILLS && delivered() < total) {
      const before = delivered();
      // Kill while posting: only once more has gone out since the last kill.
      await waitFor(() => delivered() > before, 15_000);
      await new Promise((resolveDelay) => setTimeout(resolveDelay, Math.floor(random() * 300)));
      if (delivered() >= total) break;
      // Two of the three at once, so their restarts (slow: each loads the sources) overlap.
      const first = Math.floor(random() * running.length);
      const victims = [first, (first + 1 + Math.floor(random() * (running.length - 1))) % running.length];
      await Promise.all(victims.map(async (victim) => {
        const child = running[victim];
        child?.kill('SIGKILL');
        if (child) await exited(child);
        running[victim] = instance(victim);
      }));
      kills += victims.length;
    }
    expect(kills, 'every digest finished before the instances were killed often enough').toBeGreaterThanOrEqual(KILLS);
    const incomplete = () => [
      ...discordChannels.filter((channel) => discordPapers(channel.id).join() !== expected.join()).map((channel) => `${channel.id}: ${discordPapers(channel.id).join()}`),
      ...slackChannels.filter((id) => slackPapers(id).join() !== expected.join()).map((id) => `${id}: ${slackPapers(id).join()}`),
    ];
    expect(await waitFor(complete, 150_000), `not every channel got its digest: ${incomplete().join('; ')}\n${stderr}`).toBe(true);

    for (const channel of discordChannels) expect(discordPapers(channel.id), `Discord channel ${channel.id}`).toEqual(expected);
    for (const id of slackChannels) expect(slackPapers(id), `Slack channel ${id}`).toEqual(expected);
    expect(discord.globalRateLimits(TOKEN)).toBe(0);

    // Votes: both voters of every guild upvote its first channel's papers, each twice over
    // (a repeated reaction event); the shard's instance records each once.
    // Every shard is running again (sessions of killed instances may linger in the fake a while).
    await waitFor(() => new Set(discord.sessions().map((session) => session.shard[0])).size === SHARD_COUNT, 30_000);
    const upvote = '⬆️';
    for (const [guild, { id: guildId }] of GUILDS.entries()) {
      const channelId = GUILDS[guild]?.channels?.[0]?.id ?? '';
      const papers = botPosts(channelId).filter((message) => paperOfEmbed(message) !== 'header');
      for (const [n, message] of papers.entries()) {
        // Voter 0 votes for every paper, voter 1 for the first only.
        for (const voter of n === 0 ? [0, 1] : [0]) {
          for (let again = 0; again < 2; again += 1) discord.reactionAdd({ guildId, channelId, messageId: String(message.id), userId: voterOf(guild, voter), emoji: upvote });
        }
      }
    }
    const [first = '', second = ''] = expected.slice(1);
    const votesFor = (text: string, paperId: string): number | undefined => {
      const line = text.split('\n').find((candidate) => candidate.includes(paperId));
      return line === undefined ? undefined : Number(/(\d+) votes?/u.exec(line)?.[1]);
    };
    // Eight people voted for the first paper and four for the second, whichever shard took each vote.
    await expect.poll(async () => {
      const text = await topIn(0);
      return [votesFor(text, first), votesFor(text, second)];
    }, { timeout: 20_000, interval: 500 }).toEqual([2 * SHARD_COUNT, SHARD_COUNT]);
    const answers = [await topIn(0), await topIn(2), await topIn(3)];
    expect(new Set(answers).size, answers.join('\n---\n')).toBe(1);

    for (const child of running) child.kill('SIGKILL');
  }, 330_000);
});
