/**
 * Several instances scheduling the same subscriptions over one store: each due run is worked by
 * the one instance that claims it, a run of an instance that stopped answering is taken over
 * once its lease ends, and a failed run's back-off holds for every instance. Each instance here
 * is a scheduler with its own id, poster and channel lock (as separate processes have), over
 * one store's claims, as instances share one database's.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import type { DayBatch, DigestPoster, PaperSource } from '../../src/core/ports.js';
import { subscribeChannel } from '../../src/core/subscriptions/subscribe.js';
import { silentLogger } from '../../src/logger.js';
import { createClaimHolder } from '../../src/scheduler/claim-holder.js';
import type { CronPort } from '../../src/scheduler/cron.js';
import { createScheduler, type SchedulerPolicy } from '../../src/scheduler/scheduler.js';
import { createInProcessChannelLock } from '../../src/store/in-process-channel-lock.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { loadFixturePapers } from '../support/papers.js';
import { recordingPoster, type RecordingPoster } from '../support/recording-poster.js';

const DAY = '2026-06-12';
const LEASE_MS = 60_000;
const policy: SchedulerPolicy = { dayOffset: 0, pauseAfterFailures: 3, graceMs: 12 * 3_600_000, retryDelaysMs: [120_000], channelConcurrency: 10, tickMs: 60_000, claimLeaseMs: LEASE_MS };
const channels: ChannelRef[] = Array.from({ length: 6 }, (_, i) => ({ platform: 'discord', workspaceId: 'G1', channelId: `C${String(i)}` }));
const noCron: CronPort = { schedule: () => ({ stop: () => undefined }) };

function setup(options: { sourceDown?: number } = {}) {
  let now = new Date('2026-06-13T09:00:00Z');
  const clock = { now: () => now };
  const stores = createSqliteStores(openDatabase(':memory:'), { clock });
  let failures = options.sourceDown ?? 0;
  const source: PaperSource = {
    fetchDay(day): Promise<DayBatch> {
      if (failures-- > 0) return Promise.reject(new Error('HF 503'));
      return Promise.resolve({ day, papers: day === DAY ? loadFixturePapers() : [], skipped: [] });
    },
    search: () => Promise.resolve({ papers: [], skipped: [] }),
    getPaper: () => Promise.resolve(undefined),
  };
  const instance = (id: string, poster: DigestPoster) =>
    createScheduler({
      deps: { ...stores, source, clock },
      posters: { discord: poster },
      channelLock: createInProcessChannelLock(),
      claims: createClaimHolder({ claims: stores.claims, instanceId: id, clock }),
      policy,
      cron: noCron,
      logger: silentLogger(),
    });
  const subscribeAll = async () => {
    now = new Date('2026-06-12T20:00:00Z');
    for (const channel of channels) {
      await subscribeChannel(stores.subscriptions, clock, {
        channel,
        userId: 'U1',
        input: {},
        defaults: { time: '09:00', timezone: 'UTC', maxPapers: 3, minUpvotes: 0, filter: '', cadence: 'daily', thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false },
      });
    }
    now = new Date('2026-06-13T09:00:00Z');
  };
  return { stores, instance, subscribeAll, later: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

/** What reached each channel, across posters: header then paper ids. */
function received(posters: readonly RecordingPoster[]): Map<string, string[]> {
  const byChannel = new Map<string, string[]>();
  for (const call of posters.flatMap((poster) => poster.sent()).sort((a, b) => Number(a.result.messageId.slice(1)) - Number(b.result.messageId.slice(1)))) {
    const list = byChannel.get(call.channel.channelId) ?? [];
    list.push(call.kind === 'paper' ? call.paperId : 'header');
    byChannel.set(call.channel.channelId, list);
  }
  return byChannel;
}

const channelsOf = (poster: RecordingPoster) => new Set(poster.sent().map((call) => call.channel.channelId));

describe('instances sharing the work through claims', () => {
  it('works each due run on exactly one of the instances asked at once', async () => {
    const { instance, subscribeAll } = setup();
    await subscribeAll();
    const posters = [recordingPoster(), recordingPoster(), recordingPoster()];
    await Promise.all(posters.map((poster, i) => instance(`i${String(i)}`, poster).runDue()));
    const all = received(posters);
    expect([...all.keys()].sort()).toEqual(channels.map((channel) => channel.channelId));
    for (const list of all.values()) expect(list).toEqual(['header', '2606.13681', expect.any(String), expect.any(String)]);
    // No channel heard from two instances: each run was one instance's.
    const [a, b, c] = posters.map(channelsOf);
    const together = [...(a ?? []), ...(b ?? []), ...(c ?? [])];
    expect(together).toHaveLength(new Set(together).size);
  });

  it('takes over the run of an instance that stopped answering once its lease ends, and posts each paper once', async () => {
    const { instance, subscribeAll, later, stores } = setup();
    await subscribeAll();
    const stuck = recordingPoster();
    let hung = 0;
    const hanging: DigestPoster = {
      ...stuck,
      // The second paper's post never returns: the instance is as good as dead from here on.
      postPaper: (channel, paper, options) => (stuck.sentPapers().filter((call) => call.channel.channelId === channel.channelId).length === 1 ? (hung++, new Promise(() => undefined)) : stuck.postPaper(channel, paper, options)),
    };
    const first = instance('first', hanging);
    void first.runDue();
    await expect.poll(() => hung).toBe(channels.length);
    const second = recordingPoster();
    await instance('second', second).runDue();
    expect(second.sent()).toEqual([]);
    expect((await stores.claims.heldBy('first', new Date(Date.parse('2026-06-13T09:00:30Z')).toISOString())).length).toBe(channels.length);

    later(LEASE_MS + 1);
    await instance('second', second).runDue();
    for (const list of received([stuck, second]).values()) expect(list).toHaveLength(4);
    expect(new Set([...received([stuck, second]).values()].map((list) => list.join()))).toHaveProperty('size', 1);
    for (const channel of channels) expect(await stores.runs.getRun(channel, DAY)).toMatchObject({ state: 'done' });
  });

  it('keeps a failed run claimed until its retry is due, so no instance retries it sooner', async () => {
    const { instance, subscribeAll, later } = setup({ sourceDown: 1 });
    await subscribeAll();
    const [a, b] = [recordingPoster(), recordingPoster()];
    await instance('a', a).runDue();
    expect(a.sent().filter((call) => call.channel.channelId !== 'C0')).not.toEqual([]);
    later(60_000);
    await instance('b', b).runDue();
    expect(channelsOf(b)).toEqual(new Set());
    later(60_001);
    await instance('b', b).runDue();
    expect(channelsOf(b)).toEqual(new Set(['C0']));
  });
});
