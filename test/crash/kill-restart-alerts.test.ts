/**
 * Crash safety of follow alerts: the real bot runs as a child process against the fake Discord,
 * Slack and Hugging Face, and is killed with SIGKILL at random moments while it sends the
 * alerts of a papers-day to many people on both platforms, then restarted each time. In the end
 * every person must have exactly one direct message, listing all their matches. Discord's nonce
 * window is emptied after each kill, so a resend is caught by the ledger and the DM's history,
 * not by Discord's dedupe.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCompletePapersDay } from '../../src/core/papers-day.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { FAKE_GUILD_ID, startDiscordFake, type DiscordFake } from '../fakes/discord/index.js';
import { startHfServer, type HfServer } from '../fakes/hf/server.js';
import { startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { REPO, exited, seededRandom, startBotProcess, waitFor } from '../support/child-bot.js';
import { FIXTURES, loadFixture } from '../support/hf-fixtures.js';

const PEOPLE_PER_PLATFORM = 40;
const KILLS = 4;
/** What `org:mit` and `author:"Haoran Xu"` match on the fixture day, most upvoted first. */
const EXPECTED = ['2606.13681', '2606.09290', '2606.09304'].map((id) => `https://huggingface.co/papers/${id}`);
const random = seededRandom(20_261_203);

const discordPeople = Array.from({ length: PEOPLE_PER_PLATFORM }, (_, i) => `71000000000000000${String(i).padStart(2, '0')}`);
const slackPeople = Array.from({ length: PEOPLE_PER_PLATFORM }, (_, i) => `UALERT${i}`);

let discord: DiscordFake;
let slack: SlackFake;
let hf: HfServer;
let cwd: string;

const bot = (): ChildProcess => startBotProcess(cwd, { hfUrl: hf.baseUrl, discordUrl: discord.apiUrl, slackUrl: slack.apiUrl });

const discordUrls = (userId: string): string[][] =>
  discord.dms(userId).map((message) => (message.embeds as { url?: string }[] | undefined ?? []).map((embed) => embed.url ?? ''));

const slackUrls = (userId: string): string[][] =>
  slack.dms(userId).map((message) => (message.blocks as { type: string; text?: { text?: string } }[] | undefined ?? [])
    .flatMap((block) => {
      const link = /^\*<([^|>]+)\|/u.exec(block.text?.text ?? '');
      return block.type === 'section' && link?.[1] !== undefined ? [link[1]] : [];
    }));

const delivered = (): number =>
  discordPeople.reduce((sum, id) => sum + discord.dms(id).length, 0) + slackPeople.reduce((sum, id) => sum + slack.dms(id).length, 0);

const everyoneAlerted = (): boolean =>
  discordPeople.every((id) => discord.dms(id).length > 0) && slackPeople.every((id) => slack.dms(id).length > 0);



beforeAll(async () => {
  discord = await startDiscordFake({
    users: discordPeople.map((id, i) => ({ id, username: `person${i}` })),
    guilds: [{ id: FAKE_GUILD_ID, channels: [{ id: '3100000000000000099', name: 'papers' }] }],
    gateway: { identifyIntervalMs: 0 },
  });
  slack = await startSlackFake({ botToken: 'xoxb-test', users: slackPeople.map((id, i) => ({ id, name: `person${i}` })) });
  hf = await startHfServer();
  const now = new Date();
  const day = latestCompletePapersDay(now);
  const items = loadFixture(FIXTURES.day0612);
  hf.setDay(day, items.map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: `${day}T00:00:00.000Z` } })));

  cwd = mkdtempSync(join(tmpdir(), 'paperboy-crash-alerts-'));
  cpSync(join(REPO, 'config', 'default.json'), join(cwd, 'config', 'default.json'));
  writeFileSync(join(cwd, 'config', 'local.json'), JSON.stringify({
    huggingFace: { retries: 0, timeoutMs: 2000 },
    schedule: { tickSeconds: 1, retryMinutes: [0.02], slackMinIntervalMs: 0, channelConcurrency: 2 },
  }));
  // One channel per platform, due a minute ago: the first start fetches and stores the day.
  const due = new Date(now.getTime() - 60_000);
  const stores = createSqliteStores(openDatabase(join(cwd, 'paperboy.db')));
  const subscribe = (platform: 'discord' | 'slack', workspaceId: string, channelId: string) =>
    stores.subscriptions.saveSubscription({
      platform, workspaceId, channelId,
      time: due.toISOString().slice(11, 16), timezone: 'UTC', maxPapers: 1, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
      weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
      createdBy: 'U0ADMIN', createdAt: new Date(now.getTime() - 86_400_000).toISOString(), updatedAt: now.toISOString(),
    });
  await subscribe('discord', FAKE_GUILD_ID, '3100000000000000099');
  await subscribe('slack', 'T0001', 'CALERTS');
  const at = now.toISOString();
  for (const [platform, workspaceId, people] of [['discord', FAKE_GUILD_ID, discordPeople], ['slack', 'T0001', slackPeople]] as const) {
    for (const userId of people) {
      await stores.follows.addFollow({ platform, userId, workspaceId, query: 'org:mit', at }, 20);
      await stores.follows.addFollow({ platform, userId, workspaceId, query: 'author:"Haoran Xu"', at }, 20);
    }
  }
  await stores.close();
});

afterAll(async () => {
  await discord.stop();
  await slack.stop();
  await hf.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('kill and restart while sending follow alerts', () => {
  it(`gives every person exactly one direct message with all their matches across ${KILLS} SIGKILLs`, async () => {
    let kills = 0;
    let killedMidAlerts = 0;
    while (kills < KILLS && !everyoneAlerted()) {
      const before = delivered();
      const child = bot();
      // Kill only once this run is sending alerts, at a random moment among them.
      await waitFor(() => delivered() > before || child.exitCode !== null, 15_000, 5);
      await new Promise((resolveDelay) => setTimeout(resolveDelay, Math.floor(random() * 15)));
      child.kill('SIGKILL');
      await exited(child);
      if (!everyoneAlerted()) killedMidAlerts += 1;
      kills += 1;
      // Discord forgets the nonces: only the ledger and the DM's history can stop a resend now.
      discord.expireNonces();
    }
    const connectsBefore = discord.gatewayConnects().length;
    const last = bot();
    let stderr = '';
    last.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const complete = await waitFor(everyoneAlerted, 60_000, 5);
    await waitFor(() => discord.gatewayConnects().length > connectsBefore, 30_000, 5);
    // Anything a wrong resend would add arrives within a moment of the last alert.
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 500));
    last.kill('SIGTERM');
    await exited(last);
    expect(last.exitCode, `graceful shutdown failed; stderr:\n${stderr}`).toBe(0);

    expect(complete, `not everyone was alerted; last run's stderr:\n${stderr}`).toBe(true);
    for (const id of discordPeople) expect(discordUrls(id), `Discord user ${id}`).toEqual([EXPECTED]);
    for (const id of slackPeople) expect(slackUrls(id), `Slack user ${id}`).toEqual([EXPECTED]);
    expect(killedMidAlerts, 'the bot should have been killed while alerts were under way').toBeGreaterThanOrEqual(3);
  }, 240_000);
});
