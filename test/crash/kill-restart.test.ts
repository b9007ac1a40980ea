/**
 * Crash safety: the real bot runs as a child process against the fake Discord, Slack and
 * Hugging Face, is killed with SIGKILL at random moments while posting digests to many
 * channels, restarted each time, and in the end every channel must have received each paper
 * exactly once, in order, under one header. Half the channels last had the papers-day before
 * yesterday, so their digest covers two papers-days under one span header; the other half are
 * new and get the latest papers-day alone.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, latestCompletePapersDay } from '../../src/core/papers-day.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { FAKE_GUILD_ID, startDiscordFake, type DiscordFake } from '../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { REPO, exited, seededRandom, startBotProcess, waitFor } from '../support/child-bot.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';

const CHANNELS_PER_PLATFORM = 12;
/** max_papers: of each papers-day. */
const PAPERS = 5;
const KILLS = 20;
const random = seededRandom(20_261_124);

const discordChannels = Array.from({ length: CHANNELS_PER_PLATFORM }, (_, i) => `31000000000000000${String(i).padStart(2, '0')}`);
const slackChannels = Array.from({ length: CHANNELS_PER_PLATFORM }, (_, i) => `CCRASH${i}`);

let discord: DiscordFake;
let slack: SlackFake;
let hf: HfServer;
let cwd: string;
/** What each channel must end with, header first. */
const expected = new Map<string, string[]>();
/** Even channels have had every papers-day up to the day before yesterday: theirs is a two-day digest. */
const spansTwoDays = (index: number) => index % 2 === 0;

const bot = (): ChildProcess => startBotProcess(cwd, { hfUrl: hf.baseUrl, discordUrl: discord.apiUrl, slackUrl: slack.apiUrl });

function paperIdsOf(platform: 'discord' | 'slack', id: string): string[] {
  if (platform === 'discord') {
    return discord.messages(id).map((message) => {
      const url = (message.embeds as { url?: string }[] | undefined)?.[0]?.url;
      return url ? url.replace('https://huggingface.co/papers/', '') : 'header';
    });
  }
  return slack.messages(id).map((message) => (message.metadata?.event_type === 'paperboy_paper' ? paperIdOf(message.metadata.event_payload) : 'header'));
}

function allChannelsComplete(): boolean {
  const complete = (platform: 'discord' | 'slack', id: string) => paperIdsOf(platform, id).join() === expected.get(id)?.join();
  return discordChannels.every((id) => complete('discord', id)) && slackChannels.every((id) => complete('slack', id));
}

function delivered(): number {
  return discordChannels.reduce((sum, id) => sum + discord.messages(id).length, 0) + slackChannels.reduce((sum, id) => sum + slack.messages(id).length, 0);
}



beforeAll(async () => {
  discord = await startDiscordFake({
    guilds: [{ id: FAKE_GUILD_ID, channels: discordChannels.map((id, i) => ({ id, name: `papers-${i}` })) }],
    // A restart identifies within Discord's 5 s of the killed run's IDENTIFY; waiting it out is not what this test is about.
    gateway: { identifyIntervalMs: 0 },
  });
  slack = await startSlackFake({ botToken: 'xoxb-test' });
  hf = await startHfServer();
  const now = new Date();
  const day = latestCompletePapersDay(now);
  const before = addDays(day, -1);
  // The 30 recorded papers, split over the two latest papers-days.
  const items = loadFixture(FIXTURES.day0612);
  const onDay = (date: string, part: typeof items) => part.map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${date}T00:00:00.000Z` } }));
  hf.setDay(before, onDay(before, items.slice(0, 15)));
  hf.setDay(day, onDay(day, items.slice(15)));
  const top = (part: typeof items) => [...part]
    .sort((a, b) => Number(b.paper.upvotes) - Number(a.paper.upvotes) || String(a.paper.id).localeCompare(String(b.paper.id)))
    .slice(0, PAPERS)
    .map((item) => String(item.paper.id));
  for (const [index, id] of [...discordChannels.entries(), ...slackChannels.entries()]) {
    expected.set(id, ['header', ...(spansTwoDays(index) ? top(items.slice(0, 15)) : []), ...top(items.slice(15))]);
  }

  cwd = mkdtempSync(join(tmpdir(), 'paperboy-crash-'));
  cpSync(join(REPO, 'config', 'default.json'), join(cwd, 'config', 'default.json'));
  writeFileSync(join(cwd, 'config', 'local.json'), JSON.stringify({
    huggingFace: { retries: 0, timeoutMs: 2000 },
    // Two channels at a time keeps each run short of finishing, so 20 kills land mid-digest.
    schedule: { tickSeconds: 1, retryMinutes: [0.02], slackMinIntervalMs: 0, channelConcurrency: 2 },
  }));
  // Every channel's run was due a minute ago, so each start makes it up at once.
  const due = new Date(now.getTime() - 60_000);
  const stores = createSqliteStores(openDatabase(join(cwd, 'paperboy.db')));
  const subscribe = async (platform: 'discord' | 'slack', workspaceId: string, channelId: string, index: number) => {
    await stores.subscriptions.saveSubscription({
      platform, workspaceId, channelId,
      time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: PAPERS, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
      weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
      createdBy: 'U0ADMIN', createdAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(), updatedAt: now.toISOString(),
    });
    if (!spansTwoDays(index)) return;
    const channel = { platform, workspaceId, channelId };
    const at = new Date(now.getTime() - 86_400_000).toISOString();
    await stores.runs.beginRun(channel, addDays(day, -2), at, at);
    await stores.runs.finishRun(channel, addDays(day, -2), { state: 'done', posted: PAPERS, at });
  };
  for (const [index, id] of discordChannels.entries()) await subscribe('discord', FAKE_GUILD_ID, id, index);
  for (const [index, id] of slackChannels.entries()) await subscribe('slack', 'T0001', id, index);
  await stores.close();
});

afterAll(async () => {
  await discord.stop();
  await slack.stop();
  await hf.close();
});

describe('kill and restart during digests', () => {
  it(`delivers every paper to every channel exactly once and in order across ${KILLS} SIGKILLs`, async () => {
    const total = [...expected.values()].reduce((sum, messages) => sum + messages.length, 0);
    let kills = 0;
    while (kills < KILLS && delivered() < total) {
      const before = delivered();
      const child = bot();
      // Kill only once this run is posting, at a random moment in its digest.
      await waitFor(() => delivered() > before || child.exitCode !== null, 15_000);
      await new Promise((resolveDelay) => setTimeout(resolveDelay, Math.floor(random() * 25)));
      child.kill('SIGKILL');
      await exited(child);
      kills += 1;
    }
    const connectsBefore = discord.gatewayConnects().length;
    const last = bot();
    let stderr = '';
    last.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const complete = await waitFor(() => allChannelsComplete(), 60_000);
    // Stop it only once it is running (logged in to Discord), so the signal meets Paperboy's handler.
    await waitFor(() => discord.gatewayConnects().length > connectsBefore, 30_000);
    last.kill('SIGTERM');
    await exited(last);
    // The shutdown deadline forces exit code 1 after 10 s; 0 means it stopped cleanly in time.
    expect(last.exitCode, `graceful shutdown failed; stderr:\n${stderr}`).toBe(0);

    expect(complete, `not every message arrived; last run's stderr:\n${stderr}`).toBe(true);
    for (const id of discordChannels) expect(paperIdsOf('discord', id), `Discord channel ${id}`).toEqual(expected.get(id));
    for (const id of slackChannels) expect(paperIdsOf('slack', id), `Slack channel ${id}`).toEqual(expected.get(id));
    // The two-day digests went out under a span header, the others under the day's own.
    const spanTitle = (platform: 'discord' | 'slack', id: string): string => {
      const text = platform === 'discord' ? discord.messages(id)[0]?.content : slack.messages(id)[0]?.text;
      return typeof text === 'string' ? text : '';
    };
    expect(spanTitle('discord', discordChannels[0] ?? '')).toMatch(/Hugging Face Daily Papers · \w{3} \d+ \w{3} – \w{3} \d+ \w{3} \d{4}/u);
    expect(spanTitle('slack', slackChannels[0] ?? '')).toMatch(/Hugging Face Daily Papers · \w{3} \d+ \w{3} – \w{3} \d+ \w{3} \d{4}/u);
    expect(spanTitle('slack', slackChannels[1] ?? '')).toMatch(/Hugging Face Daily Papers · \d{4}-\d{2}-\d{2}/u);
    expect(kills, 'the bot should have been killed mid-digest this many times').toBeGreaterThanOrEqual(KILLS);
  }, 300_000);
});

function paperIdOf(payload: Record<string, unknown>): string {
  return typeof payload.paper_id === 'string' ? payload.paper_id : '?';
}
