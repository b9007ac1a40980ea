/**
 * Three weeks of digests on a fake clock: the real bot (scheduler, discord.js, Bolt) against
 * the fake Discord, Slack and Hugging Face, from Monday 2 March to Tuesday 24 March 2026, with
 * the papers-days made of the recorded papers (calendar-days.ts): weekends, a holiday, a day
 * that fills late, and the bot down for three days in the middle. Six channels: daily,
 * Monday-to-Friday and weekly, on both platforms, in Kolkata (east of UTC), Los Angeles (west,
 * clocks forward on 8 March, and New York's papers-days with it) and Berlin (east), with a
 * filter in the search language, a minimum of upvotes and a thread.
 *
 * Time moves in half-hour steps. At each step the cron jobs the scheduler registered fire when
 * node-cron's own matcher says their expression matches the instant in their timezone (so the
 * schedules are what production would run), and every hour the scheduler's tick runs (sync and
 * runDue), as its timer would. Nothing waits on a real timer.
 *
 * The expectations are worked out here from the papers and the schedules alone:
 * - daily channels: every papers-day from their first digest to 22 March gives its top
 *   max_papers papers that pass the channel's filter, each exactly once;
 * - weekly channels: each digest holds the top max_papers of the papers-days since the last one
 *   (seven at first), by upvotes, as Hugging Face had them when it ran;
 * - no header without papers, no header twice, and the papers-days missed while the bot was down
 *   arrive in one digest per channel.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTask } from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { addDays, daysBetween, isWeekday, latestCompletePapersDay } from '../../src/core/papers-day.js';
import type { Subscription } from '../../src/core/subscription.js';
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
import { fakesEnv, testConfig } from '../support/test-config.js';
import { availableAt, buildCalendar, LAST_DAY, LATE_DAY, type CalendarPaper } from './calendar-days.js';

const START = new Date('2026-03-02T00:00:00Z');
const END = new Date('2026-03-24T06:00:00Z');
const OUTAGE = { from: new Date('2026-03-11T00:00:00Z'), to: new Date('2026-03-14T00:00:00Z') };
const STEP_MS = 30 * 60_000;
const GRACE_HOURS = 12;
const THIN_DAY_PAPERS = 3;
const LOOKBACK_DAYS = 7;

interface ChannelSpec extends Pick<Subscription, 'platform' | 'channelId' | 'cadence' | 'weekdays' | 'time' | 'timezone' | 'maxPapers' | 'minUpvotes' | 'filter' | 'thread'> {
  /** The filter as these expectations read it: whole words, worked out here with a regex. */
  readonly passes: (paper: CalendarPaper) => boolean;
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const anyPaper = () => true;
const CHANNELS: readonly ChannelSpec[] = [
  // No cap that bites (no day has ten papers): every paper of every papers-day reaches it.
  { platform: 'discord', channelId: '3200000000000000001', cadence: 'daily', weekdays: EVERY_DAY, time: '08:00', timezone: 'Asia/Kolkata', maxPapers: 10, minUpvotes: 0, filter: '', thread: false, passes: anyPaper },
  {
    platform: 'slack', channelId: 'CCAL0002', cadence: 'daily', weekdays: EVERY_DAY, time: '18:00', timezone: 'America/Los_Angeles', maxPapers: 2, minUpvotes: 0,
    filter: 'memory OR agents OR "language models"', thread: false,
    passes: (paper) => /\bmemory\b|\bagents\b|\blanguage[^\p{L}\p{N}]+models\b/iu.test(paper.text),
  },
  {
    platform: 'discord', channelId: '3200000000000000003', cadence: 'daily', weekdays: [1, 2, 3, 4, 5], time: '07:30', timezone: 'America/Los_Angeles', maxPapers: 3, minUpvotes: 3,
    filter: '', thread: false, passes: (paper) => paper.upvotes >= 3,
  },
  { platform: 'slack', channelId: 'CCAL0004', cadence: 'daily', weekdays: [1, 2, 3, 4, 5], time: '09:00', timezone: 'Europe/Berlin', maxPapers: 3, minUpvotes: 0, filter: '', thread: true, passes: anyPaper },
  { platform: 'discord', channelId: '3200000000000000005', cadence: 'weekly', weekdays: [1], time: '09:00', timezone: 'Europe/Berlin', maxPapers: 5, minUpvotes: 0, filter: '', thread: false, passes: anyPaper },
  { platform: 'slack', channelId: 'CCAL0006', cadence: 'weekly', weekdays: [5], time: '10:00', timezone: 'Asia/Kolkata', maxPapers: 4, minUpvotes: 0, filter: '', thread: false, passes: anyPaper },
];

const calendar = buildCalendar();
const byRank = (a: CalendarPaper, b: CalendarPaper) => b.upvotes - a.upvotes || a.id.localeCompare(b.id);
const cronOf = (spec: ChannelSpec) => `${Number(spec.time.slice(3))} ${Number(spec.time.slice(0, 2))} * * ${spec.weekdays.join(',')}`;
const isDown = (instant: Date) => instant >= OUTAGE.from && instant < OUTAGE.to;

/** Every instant in the test's span that a channel's schedule names, by node-cron's own matcher. */
function scheduledRuns(spec: ChannelSpec): Date[] {
  const matcher = createTask(cronOf(spec), () => undefined, { timezone: spec.timezone });
  const scheduled: Date[] = [];
  for (let t = START.getTime(); t < END.getTime(); t += STEP_MS) if (matcher.match(new Date(t))) scheduled.push(new Date(t));
  void matcher.destroy();
  return scheduled;
}

/** The instants each channel's digest is scheduled for and runs: not while the bot is down, unless made up within the grace period. */
function runsOf(spec: ChannelSpec): Date[] {
  const scheduled = scheduledRuns(spec);
  const missed = scheduled.filter(isDown);
  const madeUp = missed.at(-1);
  const keep = madeUp !== undefined && OUTAGE.to.getTime() - madeUp.getTime() <= GRACE_HOURS * 3_600_000 ? [madeUp] : [];
  return scheduled.filter((instant) => !isDown(instant) || keep.includes(instant));
}

/** Daily channels: the top papers of every papers-day from the first digest's to the last checked one. */
function expectedDaily(spec: ChannelSpec): Set<string> {
  const first = runsOf(spec)[0];
  if (!first) throw new Error('no run');
  const expected = new Set<string>();
  for (const day of daysBetween(latestCompletePapersDay(first), LAST_DAY)) {
    const top = calendar.papers.filter((paper) => paper.day === day && spec.passes(paper)).sort(byRank).slice(0, spec.maxPapers);
    for (const paper of top) expected.add(paper.id);
  }
  return expected;
}

/** Weekly channels: each digest, as the papers Hugging Face had when it ran. */
function expectedWeekly(spec: ChannelSpec): string[][] {
  const digests: string[][] = [];
  const posted = new Set<string>();
  let open: string[] = [];
  let previous: string | undefined;
  for (const instant of runsOf(spec)) {
    const target = latestCompletePapersDay(instant);
    if (previous !== undefined && previous >= target) continue;
    const earliest = addDays(target, -(LOOKBACK_DAYS + 7 - 1));
    const start = previous === undefined ? addDays(target, -6) : addDays(previous, 1);
    const from = start < earliest ? earliest : start;
    const days = [...open.filter((day) => day >= addDays(from, -LOOKBACK_DAYS) && day < from), ...daysBetween(from, target)];
    const available = calendar.papers.filter((paper) => days.includes(paper.day) && availableAt(paper, instant));
    const chosen = available.filter(spec.passes).sort(byRank).slice(0, spec.maxPapers).filter((paper) => !posted.has(paper.id));
    for (const paper of chosen) posted.add(paper.id);
    if (chosen.length > 0) digests.push(chosen.map((paper) => paper.id));
    open = days.filter((day) => isWeekday(day) && available.filter((paper) => paper.day === day).length < THIN_DAY_PAPERS);
    previous = target;
  }
  return digests;
}

interface Digest {
  readonly title: string;
  readonly papers: string[];
}

let discord: DiscordFake;
let slack: SlackFake;
let hf: HfServer;
let digests: Map<string, Digest[]>;

/** A channel's digests as the fakes hold them: each header with the papers posted under it. */
function digestsOf(spec: ChannelSpec): Digest[] {
  const found: Digest[] = [];
  if (spec.platform === 'discord') {
    for (const message of discord.messages(spec.channelId)) {
      const url = (message.embeds as { url?: string }[] | undefined)?.[0]?.url;
      if (url === undefined) found.push({ title: String(message.content).split('\n')[0] ?? '', papers: [] });
      else found.at(-1)?.papers.push(url.replace('https://huggingface.co/papers/', ''));
    }
    return found;
  }
  const byTs = new Map<string, Digest>();
  for (const message of slack.messages(spec.channelId)) {
    const payload = message.metadata?.event_payload;
    if (message.metadata?.event_type === 'paperboy_digest') {
      const digest = { title: message.text.split(':')[0] ?? '', papers: [] };
      found.push(digest);
      byTs.set(message.ts, digest);
    } else if (typeof payload?.paper_id === 'string') {
      (message.thread_ts === undefined ? found.at(-1) : byTs.get(message.thread_ts))?.papers.push(payload.paper_id);
    }
  }
  return found;
}

beforeAll(async () => {
  discord = await startDiscordFake({
    guilds: [{ id: FAKE_GUILD_ID, channels: CHANNELS.filter((spec) => spec.platform === 'discord').map((spec) => ({ id: spec.channelId })) }],
    // The restart after the outage identifies again at once: Discord's 5 s between IDENTIFYs is not what this test is about.
    gateway: { identifyIntervalMs: 0 },
  });
  slack = await startSlackFake({ botToken: 'xoxb-test' });
  hf = await startHfServer();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-calendar-'));
  const databasePath = join(dir, 'paperboy.db');
  const stores = createSqliteStores(openDatabase(databasePath));
  for (const spec of CHANNELS) {
    const channel: ChannelRef = { platform: spec.platform, workspaceId: spec.platform === 'discord' ? FAKE_GUILD_ID : 'T0001', channelId: spec.channelId };
    await stores.subscriptions.saveSubscription({
      ...channel, cadence: spec.cadence, weekdays: spec.weekdays, time: spec.time, timezone: spec.timezone, maxPapers: spec.maxPapers,
      minUpvotes: spec.minUpvotes, filter: spec.filter, thread: spec.thread, emptyNote: false, consecutiveFailures: 0, createdBy: 'U0ADMIN', createdAt: START.toISOString(), updatedAt: START.toISOString(),
    });
  }
  await stores.close();

  const tested = testConfig(fakesEnv({ hfUrl: hf.baseUrl, discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl, databasePath }));
  const config = {
    ...tested,
    // The tick's own timer never fires during the test: the test ticks the fake clock itself.
    schedule: { ...tested.schedule, tickSeconds: 3600, slackMinIntervalMs: 0, graceHours: GRACE_HOURS, thinDayPapers: THIN_DAY_PAPERS, lookbackDays: LOOKBACK_DAYS },
  };

  let now = START;
  const clock = { now: () => now };
  const jobs = new Map<string, { matches: (instant: Date) => boolean; run: () => void }>();
  const cron: CronPort = {
    schedule(expression, timezone, name, run) {
      const task = createTask(expression, () => undefined, { timezone });
      jobs.set(name, { matches: (instant) => task.match(instant), run });
      return { stop: () => { jobs.delete(name); void task.destroy(); } };
    },
  };
  const start = () => startPaperboy({ config, logger: silentLogger(), cwd: dir, platforms: [discordPlatform, slackPlatform], clock, cron });
  const settle = async (bot: Paperboy) => {
    // Cron callbacks start their delivery after a few reads of the store; let them, then wait.
    await new Promise((resolve) => setImmediate(resolve));
    await bot.scheduler.idle();
  };

  let late = false;
  for (const day of calendar.days) hf.setDay(day, calendar.itemsOf(day, START));
  let bot: Paperboy | undefined = await start();
  for (let t = START.getTime(); t < END.getTime(); t += STEP_MS) {
    now = new Date(t);
    if (!late && calendar.itemsOf(LATE_DAY, now).length > 0) {
      hf.setDay(LATE_DAY, calendar.itemsOf(LATE_DAY, now));
      late = true;
    }
    if (isDown(now)) {
      if (bot) await bot.stop();
      bot = undefined;
      continue;
    }
    bot ??= await start();
    const fired = [...jobs.values()].filter((job) => job.matches(now));
    for (const job of fired) job.run();
    await settle(bot);
    if (fired.length > 0 || now.getUTCMinutes() === 0) {
      await bot.scheduler.sync();
      await bot.scheduler.runDue(now);
      await settle(bot);
    }
  }
  await bot?.stop();
  digests = new Map(CHANNELS.map((spec) => [spec.channelId, digestsOf(spec)]));
}, 120_000);

afterAll(async () => {
  await Promise.all([discord.stop(), slack.stop(), hf.close()]);
});

const daily = CHANNELS.filter((spec) => spec.cadence === 'daily');
const weekly = CHANNELS.filter((spec) => spec.cadence === 'weekly');
const dayOf = new Map(calendar.papers.map((paper) => [paper.id, paper.day]));
const named = (spec: ChannelSpec) => `${spec.platform} ${spec.channelId} (${spec.cadence} ${spec.weekdays.join(',')} ${spec.time} ${spec.timezone})`;

describe('three weeks of digests on a fake clock', () => {
  it.each(daily.map((spec) => [named(spec), spec] as const))('%s gets every papers-day\'s top papers exactly once', (_name, spec) => {
    const posted = (digests.get(spec.channelId) ?? []).flatMap((digest) => digest.papers);
    expect(posted.length, 'a paper was posted twice').toBe(new Set(posted).size);
    const checked = posted.filter((id) => (dayOf.get(id) ?? '') <= LAST_DAY).sort();
    expect(checked).toEqual([...expectedDaily(spec)].sort());
  });

  it('checks filters and caps that leave papers out, and a channel that gets every paper', () => {
    const all = calendar.papers.filter((paper) => paper.day >= '2026-03-02' && paper.day <= LAST_DAY).length;
    const sizes = daily.map((spec) => expectedDaily(spec).size);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(all);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeLessThan(all / 2);
  });

  it.each(weekly.map((spec) => [named(spec), spec] as const))('%s gets the top papers of each week', (_name, spec) => {
    expect((digests.get(spec.channelId) ?? []).map((digest) => digest.papers)).toEqual(expectedWeekly(spec));
  });

  it.each(CHANNELS.map((spec) => [named(spec), spec] as const))('%s has no header without papers and none twice', (_name, spec) => {
    const found = digests.get(spec.channelId) ?? [];
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.filter((digest) => digest.papers.length === 0)).toEqual([]);
    expect(new Set(found.map((digest) => digest.title)).size).toBe(found.length);
  });

  const hit = CHANNELS.filter((spec) => missedRuns(spec).length > 0);
  it('has the runs of at least four channels fall in the outage', () => {
    expect(hit.length).toBeGreaterThanOrEqual(4);
  });

  it.each(hit.map((spec) => [named(spec), spec] as const))('%s gets the papers-days missed while the bot was down in one digest', (_name, spec) => {
    const before = runsOf(spec).filter((instant) => instant < OUTAGE.from).at(-1) ?? START;
    const days = daysBetween(addDays(latestCompletePapersDay(before), 1), latestCompletePapersDay(missedRuns(spec).at(-1) ?? START));
    const holding = (digests.get(spec.channelId) ?? []).filter((digest) => digest.papers.some((id) => days.includes(dayOf.get(id) ?? '')));
    expect(days.length).toBeGreaterThan(0);
    expect(holding.map((digest) => digest.title)).toHaveLength(1);
  });
});

/** The runs the schedule had while the bot was down (whether made up later or not). */
function missedRuns(spec: ChannelSpec): Date[] {
  return scheduledRuns(spec).filter(isDown);
}
