/**
 * `/paperboy today` posts through the same poster as the scheduler: paced per channel (the fake
 * enforces Slack's per-channel limit, so a burst shows up as 429s) and counted in /metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackApiCall } from '../../fakes/slack/index.js';
import { syntheticDay } from '../../support/hf-fixtures.js';
import { FIXTURE_DAY, startSlackHarness, textOf, type HarnessOptions, type SlackHarness } from './harness.js';
import type { Subscription } from '../../../src/core/subscription.js';

/** Pacing under test; the fake allows a message every 250 ms per channel with no burst. */
const PACE_MS = 300;
const CHANNEL = 'C0001';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(options: Pick<HarnessOptions, 'prepare'> = {}): Promise<SlackHarness> {
  h = await startSlackHarness({
    ...options,
    fake: { rateLimit: { perSecond: 4, burst: 1 } },
    configure: (config) => ({ ...config, schedule: { ...config.schedule, slackMinIntervalMs: PACE_MS } }),
  });
  return h;
}

async function today(harness: SlackHarness): Promise<string> {
  const { id } = await harness.command('/paperboy', 'today', { userId: 'U0ADMIN', channelId: CHANNEL });
  return textOf((await harness.replies(id, 2)).at(-1));
}

const postsTo = (harness: SlackHarness, channel: string): SlackApiCall[] =>
  harness.fake.calls('chat.postMessage').filter((call) => call.args.channel === channel);

const gaps = (calls: readonly SlackApiCall[]): number[] => calls.slice(1).map((call, i) => call.time - calls[i]!.time);

const postsSent = (harness: SlackHarness): string | undefined =>
  /^paperboy_posts_sent_total\{platform="slack"\} (\d+)$/mu.exec(harness.paperboy.metrics.registry.render())?.[1];

/** Subscribed at the test clock's now (the 13th, 02:00 UTC), so nothing is owed at start-up. */
const subscriptionAt = (time: string, maxPapers: number): Subscription => ({
  platform: 'slack', workspaceId: 'T0001', channelId: CHANNEL,
  time, timezone: 'UTC', maxPapers, minUpvotes: 0, filter: '', cadence: 'daily', thread: false,
  weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false, consecutiveFailures: 0,
  createdBy: 'U0ADMIN', createdAt: '2026-06-13T02:00:00Z', updatedAt: '2026-06-13T02:00:00Z',
});

describe('/paperboy today on Slack', () => {
  it('spaces its messages to a channel at least slackMinIntervalMs apart, so Slack never answers 429', async () => {
    const harness = await start();
    await harness.replies((await harness.command('/paperboy', 'subscribe max:3', { userId: 'U0ADMIN', channelId: CHANNEL })).id);
    expect(await today(harness)).toBe(`Posted 3 papers of ${FIXTURE_DAY}.`);

    const calls = postsTo(harness, CHANNEL);
    expect(calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(PACE_MS);
  });

  it('waits for a scheduled digest of the same day in the same channel instead of posting it a second time', async () => {
    const harness = await start({ prepare: async (stores) => { await stores.subscriptions.saveSubscription(subscriptionAt('03:00', 2)); } });
    // Due at 03:00 UTC on the 13th, the test clock's day: both post the 12th.
    await Promise.all([harness.paperboy.scheduler.runDue(new Date('2026-06-13T03:05:00Z')), today(harness)]);
    const messages = harness.fake.messages(CHANNEL);
    expect(messages).toHaveLength(3);
    const papers = messages.flatMap((message) => (message.metadata?.event_type === 'paperboy_paper' ? [String(message.metadata.event_payload.paper_id)] : []));
    expect(new Set(papers).size).toBe(2);
    expect(papers).toHaveLength(2);
  });

  it('shares one pacer with a scheduled digest posting to the same channel at the same time', async () => {
    const harness = await start({ prepare: async (stores) => { await stores.subscriptions.saveSubscription(subscriptionAt('03:00', 2)); } });
    // The 03:00 UTC run on the 14th posts the 13th (complete at 21:30 New York), /paperboy today the 12th.
    harness.hf.setDay('2026-06-13', syntheticDay(3).map((item) => ({ ...item, paper: { ...item.paper, submittedOnDailyAt: '2026-06-13T00:00:00.000Z' } })));

    const [, reply] = await Promise.all([harness.paperboy.scheduler.runDue(new Date('2026-06-14T03:05:00Z')), today(harness)]);
    expect(reply).toBe(`Posted 2 papers of ${FIXTURE_DAY}.`);

    const calls = postsTo(harness, CHANNEL);
    expect(calls.map((call) => call.status)).toEqual(Array.from({ length: 6 }, () => 200));
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(PACE_MS);
    expect(harness.fake.messages(CHANNEL)).toHaveLength(6);
    expect(postsSent(harness)).toBe('6');
  });
});
