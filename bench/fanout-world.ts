/**
 * What the fan-out benchmarks share: 300 Discord and 300 Slack channels (FANOUT_CHANNELS) with a
 * due digest of 10 papers plus a header each, the loopback fakes enforcing Discord's global
 * 50 requests/s and per-channel message buckets and Slack's one message per second per channel,
 * and the check of what every channel received against the rate-limit bound.
 */
import { latestCompletePapersDay } from '../src/core/papers-day.js';
import type { Stores } from '../src/core/ports.js';
import { FAKE_GUILD_ID, startDiscordFake, type DiscordFake } from '../test/fakes/discord/index.js';
import { startHfServer, type HfServer } from '../test/fakes/hf/server.js';
import { startSlackFake, type SlackFake } from '../test/fakes/slack/index.js';
import { FIXTURES, loadFixture } from '../test/support/hf-fixtures.js';

export const CHANNELS = Number(process.env.FANOUT_CHANNELS ?? 300);
export const PAPERS = 10;
export const DISCORD_GLOBAL_PER_SECOND = 50;
const DISCORD_CHANNEL_MESSAGES = 5;
const DISCORD_CHANNEL_WINDOW_MS = 5000;
const SLACK_PER_CHANNEL_PER_SECOND = 1;
export const DISCORD_TOKEN = 'bench-token';
export const SLACK_TOKEN = 'xoxb-bench';
export const TIMEOUT_MS = 15 * 60_000;

type Platform = 'discord' | 'slack';

export interface FanoutWorld {
  readonly discord: DiscordFake;
  readonly slack: SlackFake;
  readonly hf: HfServer;
  readonly discordChannels: readonly string[];
  readonly slackChannels: readonly string[];
  /** Subscribes every channel with a digest that was due a minute ago. */
  subscribe(stores: Stores): Promise<void>;
  /** When (Date.now()) each platform's channels all had their digest; NaN for one not done within TIMEOUT_MS of `started`. */
  waitUntilDelivered(started: number): Promise<{ discord: number; slack: number }>;
  /** When (Date.now()) the first digest message reached either fake; NaN before any did. */
  firstPost(): number;
  /** The table rows of one run timed from `started` (Date.now()): per platform and both, against the rate-limit bound. */
  rows(label: string, started: number, finished: { discord: number; slack: number }): (string | number)[][];
  readonly notes: readonly string[];
  stop(): Promise<void>;
}

export const FANOUT_COLUMNS = ['run', 'platform', 'messages', 'finished (s)', 'lower bound (s)', 'ratio', '429s seen', 'global 429s', 'duplicates', 'misses'] as const;

export async function startFanoutWorld(): Promise<FanoutWorld> {
  const discordChannels = Array.from({ length: CHANNELS }, (_, i) => `4${String(i).padStart(18, '0')}`);
  const slackChannels = Array.from({ length: CHANNELS }, (_, i) => `CFAN${i}`);
  const discord = await startDiscordFake({
    token: DISCORD_TOKEN,
    guilds: [{ id: FAKE_GUILD_ID, channels: discordChannels.map((id, i) => ({ id, name: `fan-${i}` })) }],
    rateLimit: { globalPerSecond: DISCORD_GLOBAL_PER_SECOND, messagesPerChannel: DISCORD_CHANNEL_MESSAGES, messageWindowMs: DISCORD_CHANNEL_WINDOW_MS },
  });
  const slack = await startSlackFake({ botToken: SLACK_TOKEN, rateLimit: { perSecond: SLACK_PER_CHANNEL_PER_SECOND, burst: 1 } });
  const hf = await startHfServer();
  const now = new Date();
  const day = latestCompletePapersDay(now);
  const items = loadFixture(FIXTURES.day0612);
  hf.setDay(day, items.map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` } })));
  const expected = [...items]
    .sort((a, b) => Number(b.paper.upvotes) - Number(a.paper.upvotes) || String(a.paper.id).localeCompare(String(b.paper.id)))
    .slice(0, PAPERS)
    .map((item) => String(item.paper.id));

  const sequence = (platform: Platform, id: string): string[] =>
    platform === 'discord'
      ? discord.messages(id).map((m) => (m.embeds as { url?: string }[] | undefined)?.[0]?.url?.replace('https://huggingface.co/papers/', '') ?? 'header')
      : slack.messages(id).map((m) => (m.metadata?.event_type === 'paperboy_paper' ? paperIdOf(m.metadata.event_payload) : 'header'));
  const complete = (platform: Platform, ids: readonly string[]) => ids.every((id) => sequence(platform, id).length >= PAPERS + 1);
  const check = (platform: Platform, ids: readonly string[]) => {
    let duplicates = 0;
    let misses = 0;
    for (const id of ids) {
      const counts = new Map<string, number>();
      for (const entry of sequence(platform, id)) counts.set(entry, (counts.get(entry) ?? 0) + 1);
      duplicates += [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      misses += ['header', ...expected].filter((entry) => !counts.has(entry)).length;
    }
    return { duplicates, misses };
  };

  const discordRequests = CHANNELS * (1 + 2 * PAPERS);
  // Discord: every request shares the global 50/s; each channel's 11 messages also need 3 windows of 5.
  const discordBound = Math.max(discordRequests / DISCORD_GLOBAL_PER_SECOND, (Math.ceil((PAPERS + 1) / DISCORD_CHANNEL_MESSAGES) - 1) * (DISCORD_CHANNEL_WINDOW_MS / 1000));
  // Slack: 11 messages in one channel at 1/s take 10 s after the first; channels go side by side.
  const slackBound = PAPERS / SLACK_PER_CHANNEL_PER_SECOND;
  const bound = Math.max(discordBound, slackBound);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const ratio = (ms: number, limit: number) => (ms / 1000 / limit).toFixed(2);

  return {
    discord, slack, hf, discordChannels, slackChannels,
    async subscribe(stores) {
      const due = new Date(now.getTime() - 60_000);
      const subscription = {
        time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: PAPERS, minUpvotes: 0, filter: '', cadence: 'daily' as const, thread: false,
        weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
        createdBy: 'bench', createdAt: new Date(now.getTime() - 86_400_000).toISOString(), updatedAt: now.toISOString(),
      };
      for (const channelId of discordChannels) await stores.subscriptions.saveSubscription({ platform: 'discord', workspaceId: FAKE_GUILD_ID, channelId, ...subscription });
      for (const channelId of slackChannels) await stores.subscriptions.saveSubscription({ platform: 'slack', workspaceId: 'T0001', channelId, ...subscription });
    },
    async waitUntilDelivered(started) {
      const finished = { discord: Number.NaN, slack: Number.NaN };
      while (Date.now() - started < TIMEOUT_MS && (Number.isNaN(finished.discord) || Number.isNaN(finished.slack))) {
        if (Number.isNaN(finished.discord) && complete('discord', discordChannels)) finished.discord = Date.now();
        if (Number.isNaN(finished.slack) && complete('slack', slackChannels)) finished.slack = Date.now();
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
      return finished;
    },
    firstPost() {
      const times = [
        ...discord.requests.filter((request) => request.route === 'message.create' && request.status === 200).map((request) => request.time),
        ...slack.calls('chat.postMessage').filter((call) => call.response.ok).map((call) => call.time),
      ];
      return times.length === 0 ? Number.NaN : Math.min(...times);
    },
    rows(label, started, done) {
      const finished = { discord: done.discord - started, slack: done.slack - started };
      const totalMs = Math.max(finished.discord, finished.slack);
      const discordCheck = check('discord', discordChannels);
      const slackCheck = check('slack', slackChannels);
      const discord429 = discord.requests.filter((request) => request.status === 429).length;
      const discordGlobal429 = discord.globalRateLimits(DISCORD_TOKEN);
      const slack429 = slack.calls().filter((call) => call.status === 429).length;
      return [
        [label, 'discord', CHANNELS * (PAPERS + 1), seconds(finished.discord), discordBound.toFixed(1), ratio(finished.discord, discordBound), discord429, discordGlobal429, discordCheck.duplicates, discordCheck.misses],
        [label, 'slack', CHANNELS * (PAPERS + 1), seconds(finished.slack), slackBound.toFixed(1), ratio(finished.slack, slackBound), slack429, 'n/a', slackCheck.duplicates, slackCheck.misses],
        [label, 'both', 2 * CHANNELS * (PAPERS + 1), seconds(totalMs), bound.toFixed(1), ratio(totalMs, bound), discord429 + slack429, discordGlobal429, discordCheck.duplicates + slackCheck.duplicates, discordCheck.misses + slackCheck.misses],
      ];
    },
    notes: [
      `Limits enforced by the fakes: Discord ${DISCORD_GLOBAL_PER_SECOND} requests/s global per token (${discordRequests} requests: header, papers and upvote reactions) and ${DISCORD_CHANNEL_MESSAGES} messages per ${DISCORD_CHANNEL_WINDOW_MS / 1000} s per channel; Slack ${SLACK_PER_CHANNEL_PER_SECOND} message/s per channel. Lower bound: ${bound.toFixed(1)} s.`,
    ],
    async stop() {
      await Promise.all([discord.stop(), slack.stop(), hf.close()]);
    },
  };
}

function paperIdOf(payload: Record<string, unknown>): string {
  return typeof payload.paper_id === 'string' ? payload.paper_id : '?';
}
