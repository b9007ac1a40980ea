import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import type { DayBatch, PaperSource } from '../../src/core/ports.js';
import { subscribeChannel, type SubscribeInput } from '../../src/core/subscriptions/subscribe.js';
import { silentLogger } from '../../src/logger.js';
import { createClaimHolder } from '../../src/scheduler/claim-holder.js';
import type { CronPort } from '../../src/scheduler/cron.js';
import { cachedDaySource } from '../../src/scheduler/day-cache.js';
import { createScheduler, type SchedulerPolicy } from '../../src/scheduler/scheduler.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { loadFixturePapers } from '../support/papers.js';
import { recordingPoster, sendFailure } from '../support/recording-poster.js';

const DAY = '2026-06-12';
const channelA: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'A' };
const channelB: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'B' };
const policy: SchedulerPolicy = { dayOffset: 0, pauseAfterFailures: 3, graceMs: 12 * 3_600_000, retryDelaysMs: [60_000, 300_000], channelConcurrency: 4, tickMs: 60_000, claimLeaseMs: 60_000 };

function setup(options: { sourceDown?: number; cacheDays?: boolean } = {}) {
  let now = new Date('2026-06-12T20:00:00Z');
  const clock = { now: () => now };
  const stores = createSqliteStores(openDatabase(':memory:'), { clock });
  let failures = options.sourceDown ?? 0;
  const fetched: string[] = [];
  const source: PaperSource = {
    fetchDay(day): Promise<DayBatch> {
      fetched.push(day);
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error('HF 503'));
      }
      return Promise.resolve({ day, papers: day === DAY ? loadFixturePapers() : [], skipped: [] });
    },
    search: () => Promise.resolve({ papers: [], skipped: [] }),
    getPaper: () => Promise.resolve(undefined),
  };
  const poster = recordingPoster();
  /** What reached each channel: headers, "no papers" notes and papers, in order. */
  const sent = () =>
    poster.sent().map((call) =>
      call.kind === 'paper' ? { channel: call.channel.channelId, kind: 'paper', id: call.paperId } : { channel: call.channel.channelId, kind: call.papers === 0 ? 'note' : 'header' },
    );
  const cronJobs = new Map<string, { expression: string; timezone: string; run: () => void; stopped: boolean }>();
  const cron: CronPort = {
    schedule(expression, timezone, name, run) {
      const job = { expression, timezone, run, stopped: false };
      cronJobs.set(name, job);
      return { stop: () => void (job.stopped = true) };
    },
  };
  const shared = options.cacheDays ? cachedDaySource(source, { ttlMs: 600_000, clock }) : source;
  const scheduler = createScheduler({ deps: { ...stores, source: shared, clock }, posters: { discord: poster, slack: poster }, channelLock: stores.channelLock, claims: createClaimHolder({ claims: stores.claims, instanceId: 'test', clock }), policy, cron, logger: silentLogger() });
  const subscribe = (channel: ChannelRef, input: SubscribeInput) =>
    subscribeChannel(stores.subscriptions, clock, {
      channel,
      userId: 'U1',
      input,
      defaults: { time: '09:00', timezone: 'UTC', maxPapers: 3, minUpvotes: 0, filter: '', cadence: 'daily', thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false },
    });
  return { stores, scheduler, sent, fetched, cronJobs, subscribe, poster, setNow: (iso: string) => (now = new Date(iso)) };
}

describe('scheduler', () => {
  it('schedules one cron job per subscription at its local time, and follows changes without a restart', async () => {
    const { scheduler, subscribe, cronJobs, stores } = setup();
    await subscribe(channelA, { time: '07:30', timezone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5] });
    await scheduler.start();
    expect([...cronJobs.values()].map((job) => [job.expression, job.timezone])).toEqual([['30 7 * * 1,2,3,4,5', 'Europe/Berlin']]);
    await subscribe(channelA, { time: '08:00' });
    await subscribe(channelB, { time: '06:00', timezone: 'America/New_York' });
    await scheduler.sync();
    const live = [...cronJobs.values()].filter((job) => !job.stopped).map((job) => job.expression).sort();
    expect(live).toEqual(['0 6 * * 0,1,2,3,4,5,6', '0 8 * * 1,2,3,4,5']);
    await stores.subscriptions.removeSubscription(channelB);
    await scheduler.sync();
    expect([...cronJobs.values()].filter((job) => !job.stopped)).toHaveLength(1);
    await scheduler.stop();
  });

  it('posts the latest complete papers-day at the scheduled time, once, however often it is asked', async () => {
    const { scheduler, subscribe, sent, setNow } = setup();
    await subscribe(channelA, { time: '09:00', timezone: 'Europe/Berlin' });
    setNow('2026-06-13T07:00:30Z');
    await scheduler.runDue();
    await scheduler.runDue();
    expect(sent().map((entry) => entry.kind)).toEqual(['header', 'paper', 'paper', 'paper']);
    expect(sent()[1]?.id).toBe('2606.13681');
  });

  it('does not owe a new subscription the run scheduled before it existed', async () => {
    const { scheduler, subscribe, sent, setNow } = setup();
    setNow('2026-06-12T22:00:00Z');
    await subscribe(channelA, { time: '09:00' });
    await scheduler.runDue();
    expect(sent()).toEqual([]);
    setNow('2026-06-13T09:00:10Z');
    await scheduler.runDue();
    expect(sent().filter((entry) => entry.kind === 'header')).toHaveLength(1);
  });

  it('makes up a run missed while down within the grace period, and skips one older than that', async () => {
    const { scheduler, subscribe, sent, setNow } = setup();
    await subscribe(channelA, { time: '09:00' });
    await subscribe(channelB, { time: '01:00' });
    setNow('2026-06-13T14:00:00Z');
    await scheduler.start();
    await scheduler.stop();
    expect(new Set(sent().map((entry) => entry.channel))).toEqual(new Set(['A']));
  });

  it('retries with backoff while Hugging Face is down and posts once it answers', async () => {
    const { scheduler, subscribe, sent, setNow, stores } = setup({ sourceDown: 2 });
    await subscribe(channelA, { time: '09:00' });
    setNow('2026-06-13T09:00:00Z');
    await scheduler.runDue();
    expect(await stores.runs.getRun(channelA, DAY)).toMatchObject({ state: 'failed', sourceError: 'HF 503' });
    setNow('2026-06-13T09:00:30Z');
    await scheduler.runDue();
    expect(sent()).toEqual([]);
    setNow('2026-06-13T09:01:01Z');
    await scheduler.runDue();
    expect(sent()).toEqual([]);
    setNow('2026-06-13T09:06:02Z');
    await scheduler.runDue();
    expect(sent().filter((entry) => entry.kind === 'paper')).toHaveLength(3);
    expect(await stores.runs.getRun(channelA, DAY)).toMatchObject({ state: 'done', posted: 3, attempts: 3 });
  });

  it('pauses a channel after three permanent failures in a row, and keeps serving the others', async () => {
    const { scheduler, subscribe, sent, setNow, stores, poster } = setup();
    await subscribe(channelA, { time: '09:00' });
    await subscribe(channelB, { time: '09:00' });
    poster.failChannel('A', sendFailure('missing access (Discord 50001)', { permanent: true }));
    for (const at of ['2026-06-13T09:00:00Z', '2026-06-13T09:01:30Z', '2026-06-13T09:07:00Z', '2026-06-13T09:13:00Z']) {
      setNow(at);
      await scheduler.runDue();
    }
    expect(await stores.subscriptions.getSubscription(channelA)).toMatchObject({ consecutiveFailures: 3, pauseReason: 'missing access (Discord 50001)' });
    expect((await stores.subscriptions.getSubscription(channelA))?.pausedAt).toBeDefined();
    expect(sent().filter((entry) => entry.channel === 'B' && entry.kind === 'paper')).toHaveLength(3);
    expect(sent().filter((entry) => entry.channel === 'A')).toEqual([]);
  });

  it('posts nothing on a day without papers unless the subscription asks for a note', async () => {
    const { scheduler, subscribe, sent, setNow, stores } = setup();
    await subscribe(channelA, { time: '09:00' });
    await subscribe(channelB, { time: '09:00', emptyNote: true });
    setNow('2026-06-14T09:00:00Z');
    await scheduler.runDue();
    expect(sent()).toEqual([{ channel: 'B', kind: 'note' }]);
    expect((await stores.runs.getRun(channelA, '2026-06-13'))?.state).toBe('empty');
  });

  it('asks Hugging Face once per papers-day however many channels post it', async () => {
    const { scheduler, subscribe, fetched, setNow } = setup({ cacheDays: true });
    await subscribe(channelA, { time: '09:00' });
    await subscribe(channelB, { time: '09:00' });
    setNow('2026-06-13T09:00:00Z');
    await scheduler.runDue();
    expect(fetched).toEqual([DAY]);
  });
});
