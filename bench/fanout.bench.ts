/**
 * Fan-out: 300 Discord and 300 Slack channels, 10 papers each plus a header, delivered by the
 * real scheduler, discord.js and Bolt against the loopback fakes enforcing Discord's global 50
 * requests/s and per-channel message buckets and Slack's one message per second per channel.
 * Compares the total time with the lower bound those limits allow.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { latestCompletePapersDay } from '../src/core/papers-day.js';
import { silentLogger } from '../src/logger.js';
import { startPaperboy } from '../src/main.js';
import { discordPlatform } from '../src/platforms/discord/platform.js';
import { slackPlatform } from '../src/platforms/slack/platform.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { createSqliteStores } from '../src/store/sqlite/stores.js';
import { FAKE_GUILD_ID, startDiscordFake } from '../test/fakes/discord/index.js';
import { startHfServer } from '../test/fakes/hf/server.js';
import { startSlackFake } from '../test/fakes/slack/index.js';
import { FIXTURES, loadFixture } from '../test/support/hf-fixtures.js';
import type { BenchTable } from './table.js';

const CHANNELS = Number(process.env.FANOUT_CHANNELS ?? 300);
const PAPERS = 10;
const DISCORD_GLOBAL_PER_SECOND = 50;
const DISCORD_CHANNEL_MESSAGES = 5;
const DISCORD_CHANNEL_WINDOW_MS = 5000;
const SLACK_PER_CHANNEL_PER_SECOND = 1;
const TIMEOUT_MS = 15 * 60_000;

export default async function fanout(): Promise<BenchTable[]> {
  const discordChannels = Array.from({ length: CHANNELS }, (_, i) => `4${String(i).padStart(18, '0')}`);
  const slackChannels = Array.from({ length: CHANNELS }, (_, i) => `CFAN${i}`);
  const discord = await startDiscordFake({
    guilds: [{ id: FAKE_GUILD_ID, channels: discordChannels.map((id, i) => ({ id, name: `fan-${i}` })) }],
    rateLimit: { globalPerSecond: DISCORD_GLOBAL_PER_SECOND, messagesPerChannel: DISCORD_CHANNEL_MESSAGES, messageWindowMs: DISCORD_CHANNEL_WINDOW_MS },
  });
  const slack = await startSlackFake({ botToken: 'xoxb-bench', rateLimit: { perSecond: SLACK_PER_CHANNEL_PER_SECOND, burst: 1 } });
  const hf = await startHfServer();
  const now = new Date();
  const day = latestCompletePapersDay(now);
  const items = loadFixture(FIXTURES.day0612);
  hf.setDay(day, items.map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` } })));
  const expected = [...items]
    .sort((a, b) => Number(b.paper.upvotes) - Number(a.paper.upvotes) || String(a.paper.id).localeCompare(String(b.paper.id)))
    .slice(0, PAPERS)
    .map((item) => String(item.paper.id));

  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fanout-'));
  const databasePath = join(dir, 'paperboy.db');
  const stores = createSqliteStores(openDatabase(databasePath));
  const due = new Date(now.getTime() - 60_000);
  const subscription = {
    time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: PAPERS, minUpvotes: 0, filter: '', cadence: 'daily' as const, thread: false,
    weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
    createdBy: 'bench', createdAt: new Date(now.getTime() - 86_400_000).toISOString(), updatedAt: now.toISOString(),
  };
  for (const channelId of discordChannels) await stores.subscriptions.saveSubscription({ platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId, ...subscription });
  for (const channelId of slackChannels) await stores.subscriptions.saveSubscription({ platform: 'slack', workspaceId: 'T0001', channelId, ...subscription });
  await stores.close();

  const loaded = loadConfig({
    configDir: resolve(import.meta.dirname, '../config'),
    env: {
      HF_BASE_URL: hf.baseUrl, DATABASE_PATH: databasePath, DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: slack.apiUrl, SLACK_HOST: '127.0.0.1', SLACK_PORT: '0',
    },
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const config = { ...loaded.config, schedule: { ...loaded.config.schedule, channelConcurrency: 2 * CHANNELS, slackMinIntervalMs: 1000 } };

  const started = performance.now();
  const bot = await startPaperboy({ config, logger: silentLogger(), cwd: dir, platforms: [discordPlatform, slackPlatform] });
  const sequence = (platform: 'discord' | 'slack', id: string): string[] =>
    platform === 'discord'
      ? discord.messages(id).map((m) => (m.embeds as { url?: string }[] | undefined)?.[0]?.url?.replace('https://huggingface.co/papers/', '') ?? 'header')
      : slack.messages(id).map((m) => (m.metadata?.event_type === 'paperboy_paper' ? paperIdOf(m.metadata.event_payload) : 'header'));
  const finished = { discord: Number.NaN, slack: Number.NaN };
  const complete = (platform: 'discord' | 'slack', ids: string[]) => ids.every((id) => sequence(platform, id).length >= PAPERS + 1);
  while (performance.now() - started < TIMEOUT_MS && (Number.isNaN(finished.discord) || Number.isNaN(finished.slack))) {
    if (Number.isNaN(finished.discord) && complete('discord', discordChannels)) finished.discord = performance.now() - started;
    if (Number.isNaN(finished.slack) && complete('slack', slackChannels)) finished.slack = performance.now() - started;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  const total = performance.now() - started;
  await bot.stop();

  const check = (platform: 'discord' | 'slack', ids: string[]) => {
    let duplicates = 0;
    let misses = 0;
    for (const id of ids) {
      const got = sequence(platform, id);
      const counts = new Map<string, number>();
      for (const entry of got) counts.set(entry, (counts.get(entry) ?? 0) + 1);
      duplicates += [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      misses += ['header', ...expected].filter((entry) => !counts.has(entry)).length;
    }
    return { duplicates, misses };
  };
  const discordCheck = check('discord', discordChannels);
  const slackCheck = check('slack', slackChannels);
  const discord429 = discord.requests.filter((request) => request.status === 429).length;
  const slack429 = slack.calls().filter((call) => call.status === 429).length;
  const discordRequests = CHANNELS * (1 + 2 * PAPERS);
  // Discord: every request shares the global 50/s; each channel's 11 messages also need 3 windows of 5.
  const discordBound = Math.max(discordRequests / DISCORD_GLOBAL_PER_SECOND, (Math.ceil((PAPERS + 1) / DISCORD_CHANNEL_MESSAGES) - 1) * (DISCORD_CHANNEL_WINDOW_MS / 1000));
  // Slack: 11 messages in one channel at 1/s take 10 s after the first; channels go side by side.
  const slackBound = PAPERS / SLACK_PER_CHANNEL_PER_SECOND;
  const bound = Math.max(discordBound, slackBound);
  await Promise.all([discord.stop(), slack.stop(), hf.close()]);

  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  return [
    {
      title: `Fan-out: ${CHANNELS} Discord + ${CHANNELS} Slack channels × (${PAPERS} papers + header)`,
      columns: ['platform', 'messages', 'finished (s)', 'lower bound (s)', 'ratio', '429s seen', 'duplicates', 'misses'],
      rows: [
        ['discord', CHANNELS * (PAPERS + 1), seconds(finished.discord), discordBound.toFixed(1), (finished.discord / 1000 / discordBound).toFixed(2), discord429, discordCheck.duplicates, discordCheck.misses],
        ['slack', CHANNELS * (PAPERS + 1), seconds(finished.slack), slackBound.toFixed(1), (finished.slack / 1000 / slackBound).toFixed(2), slack429, slackCheck.duplicates, slackCheck.misses],
        ['both', 2 * CHANNELS * (PAPERS + 1), seconds(total), bound.toFixed(1), (total / 1000 / bound).toFixed(2), discord429 + slack429, discordCheck.duplicates + slackCheck.duplicates, discordCheck.misses + slackCheck.misses],
      ],
      notes: [
        `Limits enforced by the fakes: Discord ${DISCORD_GLOBAL_PER_SECOND} requests/s global (${discordRequests} requests: header, papers and upvote reactions) and ${DISCORD_CHANNEL_MESSAGES} messages per ${DISCORD_CHANNEL_WINDOW_MS / 1000} s per channel; Slack ${SLACK_PER_CHANNEL_PER_SECOND} message/s per channel.`,
        `Goal: ratio at most 1.15, zero duplicates, zero misses. Measured overall ratio ${(total / 1000 / bound).toFixed(2)}: ${total / 1000 / bound <= 1.15 ? 'met' : 'NOT met'}.`,
      ],
    },
  ];
}

function paperIdOf(payload: Record<string, unknown>): string {
  return typeof payload.paper_id === 'string' ? payload.paper_id : '?';
}
