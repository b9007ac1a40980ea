/**
 * deliverDigest over several papers-days with the real SQLite stores: what a channel has had,
 * what its next digest covers, late-filling days, a crash in the middle of a digest of several
 * days, and `/paperboy today` before the digest.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { deliverDigest, type DeliveryPolicy } from '../../src/core/digest/deliver.js';
import { postDigest } from '../../src/core/digest/post.js';
import { createVotePools, type VotePools } from '../../src/core/votes/pools.js';
import { selectDigestPapers } from '../../src/core/digest/select.js';
import { addDays } from '../../src/core/papers-day.js';
import type { Paper } from '../../src/core/paper.js';
import type { PaperSource } from '../../src/core/ports.js';
import { headerKey } from '../../src/core/posts.js';
import type { Subscription } from '../../src/core/subscription.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';
import { recordingPoster, sendFailure, type HeaderCall, type PaperCall, type RecordingPoster } from '../support/recording-poster.js';

const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
const policy: DeliveryPolicy = { dayOffset: 0, pauseAfterFailures: 3 };
// Papers-days 2026-06-10 (Wed) to 2026-06-15 (Mon). A run at 09:00 UTC covers up to the day before.
const WED = '2026-06-10';
const THU = '2026-06-11';
const FRI = '2026-06-12';
const SAT = '2026-06-13';
const SUN = '2026-06-14';
const MON = '2026-06-15';
const at = (day: string) => new Date(`${day}T09:00:00Z`);

const papersOf = (day: string, count: number): Paper[] =>
  Array.from({ length: count }, (_, i) => makePaper(`2606.${day.slice(8)}${String(i).padStart(3, '0')}`, { upvotes: 100 - i, papersDay: day, title: `Paper ${i} of ${day}` }));
const idsOf = (papers: readonly Paper[]) => papers.map((paper) => paper.id);

function world(options: { maxPapers?: number; cadence?: 'daily' | 'weekly'; createdAt?: string; pools?: VotePools } = {}) {
  let now = at(SAT);
  const clock = { now: () => now };
  const stores = createSqliteStores(openDatabase(':memory:'), { clock });
  const days = new Map<string, Paper[]>();
  let sourceDown = false;
  const source: PaperSource = {
    fetchDay: (day) => (sourceDown ? Promise.reject(new Error('HF 503')) : Promise.resolve({ day, papers: days.get(day) ?? [], skipped: [] })),
    search: () => Promise.resolve({ papers: [], skipped: [] }),
    getPaper: () => Promise.resolve(undefined),
  };
  /** Posts that reached the channel: sent, or answered with a failure that hid a delivery. */
  const delivered = () => poster.calls.filter((call): call is HeaderCall | PaperCall =>
    (call.kind === 'header' || call.kind === 'paper') && (call.result.status === 'sent' || call.result.maybeDelivered));
  const poster: RecordingPoster = recordingPoster({
    // As on Slack: a post left pending is looked for by its nonce.
    findDelivered: (_channel, nonce) => {
      const found = delivered().find((call) => call.nonce === nonce);
      return Promise.resolve(found ? { messageId: `found-${nonce}`, messageChannelId: channel.channelId } : undefined);
    },
  });
  const subscription: Subscription = {
    ...channel, time: '09:00', timezone: 'UTC', maxPapers: options.maxPapers ?? 3, minUpvotes: 0, filter: '', cadence: options.cadence ?? 'daily',
    thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: true, consecutiveFailures: 0, createdBy: 'U1',
    createdAt: options.createdAt ?? '2026-06-01T00:00:00Z', updatedAt: '2026-06-01T00:00:00Z',
  };
  const deps = { ...stores, source, clock, poster, pools: options.pools };
  return {
    stores, days, poster, deps,
    setSourceDown: (down: boolean) => void (sourceDown = down),
    subscribe: (changes: Partial<Subscription> = {}) => stores.subscriptions.saveSubscription({ ...subscription, ...changes }),
    /** The digest run scheduled for 09:00 UTC on `day`. */
    deliver(day: string) {
      now = new Date(at(day).getTime() + 60_000);
      return deliverDigest(deps, policy, channel, at(day));
    },
    /** The channel has had every papers-day up to `day`: a finished run. */
    async coveredThrough(day: string) {
      await stores.runs.beginRun(channel, day, at(addDays(day, 1)).toISOString(), '2026-06-02T00:00:00Z');
      await stores.runs.finishRun(channel, day, { state: 'done', posted: 0, at: '2026-06-02T00:00:00Z' });
    },
    /** Ledger keys of the headers that reached the channel, in order. */
    headerKeys: () => delivered().flatMap((call) => (call.kind === 'header' ? [headerKey(call.day, call.from)] : [])),
    headers: () => delivered().filter((call) => call.kind === 'header'),
    paperIds: () => delivered().flatMap((call) => (call.kind === 'paper' ? [call.paperId] : [])),
  };
}

describe('deliverDigest over several papers-days', () => {
  it('starts a new subscription with the newest complete papers-day only', async () => {
    const w = world({ createdAt: '2026-06-12T12:00:00Z' });
    for (const day of [WED, THU, FRI]) w.days.set(day, papersOf(day, 4));
    await w.subscribe();
    expect(await w.deliver(SAT)).toMatchObject({ status: 'done', day: FRI, posted: 3 });
    expect(w.headerKeys()).toEqual([`header:${FRI}`]);
    expect(w.paperIds()).toEqual(idsOf(papersOf(FRI, 3)));
  });

  it('posts on Monday a mon-fri channel\'s Friday and weekend papers in one digest, the top of each day', async () => {
    const w = world();
    w.days.set(FRI, papersOf(FRI, 5));
    w.days.set(SAT, papersOf(SAT, 1));
    w.days.set(SUN, []);
    await w.subscribe({ weekdays: [1, 2, 3, 4, 5] });
    await w.coveredThrough(THU);
    expect(await w.deliver(MON)).toMatchObject({ status: 'done', day: SUN, posted: 4 });
    expect(w.headerKeys()).toEqual([`header:${FRI}..${SUN}`]);
    expect(w.paperIds()).toEqual(idsOf([...papersOf(FRI, 3), ...papersOf(SAT, 1)]));
    expect(await w.stores.runs.getRun(channel, FRI)).toMatchObject({ state: 'done', day: FRI, to: SUN, emptyDays: [SUN], openDays: [] });
    expect(await w.deliver(MON)).toMatchObject({ status: 'skipped', reason: 'already_done' });
  });

  it('makes up a three-day outage in one digest, and never posts a papers-day twice', async () => {
    const w = world();
    for (const day of [WED, THU, FRI, SAT]) w.days.set(day, papersOf(day, 6));
    await w.subscribe();
    await w.coveredThrough('2026-06-09');
    expect(await w.deliver(SUN)).toMatchObject({ status: 'done', day: SAT, posted: 12 });
    expect(w.headerKeys()).toEqual([`header:${WED}..${SAT}`]);
    expect(await w.deliver(SUN)).toMatchObject({ status: 'skipped' });
    w.days.set(SUN, papersOf(SUN, 2));
    expect(await w.deliver(MON)).toMatchObject({ status: 'done', day: SUN, posted: 2 });
    expect(w.headerKeys()).toEqual([`header:${WED}..${SAT}`, `header:${SUN}`]);
    expect(new Set(w.paperIds()).size).toBe(w.paperIds().length);
  });

  it('does not announce a weekday that is still empty, and posts its papers when it fills', async () => {
    const w = world();
    w.days.set(THU, []);
    await w.subscribe();
    await w.coveredThrough(WED);
    expect(await w.deliver(FRI)).toMatchObject({ status: 'empty', day: THU, noted: false });
    expect(await w.stores.runs.getRun(channel, THU)).toMatchObject({ state: 'empty', emptyDays: [THU], openDays: [THU] });
    expect(w.poster.calls).toEqual([]);

    w.days.set(THU, papersOf(THU, 4));
    w.days.set(FRI, papersOf(FRI, 2));
    expect(await w.deliver(SAT)).toMatchObject({ status: 'done', day: FRI, posted: 5 });
    expect(w.headerKeys()).toEqual([`header:${FRI}`]);
    expect(w.paperIds()).toEqual(idsOf([...papersOf(THU, 3), ...papersOf(FRI, 2)]));
    // Four and two papers are thin for a weekday: both are looked at again, within their caps.
    expect(await w.stores.runs.getRun(channel, FRI)).toMatchObject({ openDays: [THU, FRI] });
    w.days.set(THU, papersOf(THU, 20));
    w.days.set(FRI, papersOf(FRI, 20));
    w.days.set(SAT, []);
    expect(await w.deliver(SUN)).toMatchObject({ status: 'done', day: SAT, posted: 1 });
    expect(w.paperIds().slice(5)).toEqual(idsOf(papersOf(FRI, 3).slice(2)));
    expect(await w.stores.runs.getRun(channel, SAT)).toMatchObject({ openDays: [], emptyDays: [SAT] });
  });

  it('posts a "no papers" note only for days that cannot fill any more (a weekend)', async () => {
    const w = world();
    w.days.set(SAT, []);
    await w.subscribe();
    await w.coveredThrough(FRI);
    expect(await w.deliver(SUN)).toMatchObject({ status: 'empty', day: SAT, noted: true });
    expect(w.headers()).toEqual([expect.objectContaining({ day: SAT, from: SAT, papers: 0 })]);
  });

  it('resumes a digest whose header went out with the same span after a crash, though a day completed meanwhile', async () => {
    const w = world();
    for (const day of [THU, FRI, SAT]) w.days.set(day, papersOf(day, 3));
    await w.subscribe();
    await w.coveredThrough(WED);
    // The header reaches the channel, but its answer is lost (a timeout, or a kill before the
    // ledger heard of it): it stays pending.
    w.poster.failHeaders(sendFailure('timeout', { maybeDelivered: true }));
    expect(await w.deliver(SAT)).toMatchObject({ status: 'retry', day: FRI });
    w.poster.failHeaders(undefined);
    expect((await w.stores.ledger.findPost(channel, `header:${THU}..${FRI}`))?.state).toBe('pending');

    // Restarted a day later, with Saturday complete too: Thu-Fri is finished under its one
    // header, then Saturday follows in a digest of its own.
    expect(await w.deliver(SUN)).toMatchObject({ status: 'done', day: SAT, posted: 9 });
    expect(w.headerKeys()).toEqual([`header:${THU}..${FRI}`, `header:${SAT}`]);
    expect(w.paperIds()).toEqual(idsOf([...papersOf(THU, 3), ...papersOf(FRI, 3), ...papersOf(SAT, 3)]));
    expect((await w.stores.ledger.findPost(channel, `header:${THU}..${FRI}`))?.state).toBe('sent');
    expect(await w.stores.runs.getRun(channel, THU)).toMatchObject({ state: 'done', to: FRI });
  });

  it('lets a digest that sent nothing yet grow to the days completed meanwhile: one digest, not two', async () => {
    const w = world();
    for (const day of [THU, FRI, SAT]) w.days.set(day, papersOf(day, 2));
    await w.subscribe();
    await w.coveredThrough(WED);
    w.setSourceDown(true);
    expect(await w.deliver(SAT)).toMatchObject({ status: 'retry', day: FRI });
    w.setSourceDown(false);
    expect(await w.deliver(SUN)).toMatchObject({ status: 'done', day: SAT, posted: 6 });
    expect(w.headerKeys()).toEqual([`header:${THU}..${SAT}`]);
    expect(await w.stores.runs.getRun(channel, THU)).toMatchObject({ state: 'done', to: SAT, attempts: 2 });
  });

  it('does not repeat what /paperboy today posted, nor add more of that day', async () => {
    const w = world();
    w.days.set(THU, papersOf(THU, 5));
    w.days.set(FRI, papersOf(FRI, 5));
    await w.subscribe();
    await w.coveredThrough(WED);
    // `/paperboy today` on Friday evening posts Friday's top 3 of 5.
    const today = selectDigestPapers(FRI, papersOf(FRI, 5), { maxPapers: 3, minUpvotes: 0, filter: '' });
    expect(await postDigest(w.deps, channel, today, { thread: false })).toMatchObject({ status: 'posted', posted: idsOf(papersOf(FRI, 3)) });
    expect(await w.deliver(SAT)).toMatchObject({ status: 'done', day: FRI, posted: 3 });
    expect(w.headerKeys()).toEqual([`header:${FRI}`, `header:${THU}..${FRI}`]);
    expect(w.paperIds()).toEqual(idsOf([...papersOf(FRI, 3), ...papersOf(THU, 3)]));
  });

  it('posts a weekly digest of the top papers of the past seven papers-days', async () => {
    const w = world({ cadence: 'weekly', maxPapers: 4 });
    for (const [index, day] of ['2026-06-08', '2026-06-09', WED, THU, FRI, SAT, SUN].entries()) {
      w.days.set(day, papersOf(day, 3).map((paper) => ({ ...paper, upvotes: paper.upvotes + index })));
    }
    await w.subscribe({ weekdays: [1] });
    expect(await w.deliver(MON)).toMatchObject({ status: 'done', day: SUN, posted: 4 });
    expect(w.headerKeys()).toEqual([`header:2026-06-08..${SUN}`]);
    expect(w.paperIds()).toEqual(['2606.14000', '2606.13000', '2606.14001', '2606.12000']);
  });

  it("ranks a weekly digest by its own vote pool's votes, not another community's", async () => {
    const w = world({ cadence: 'weekly', maxPapers: 1, pools: createVotePools({ mode: 'community' }, ['slack']) });
    // Two papers one upvote apart; 5 votes in another workspace would lift the second above the first.
    w.days.set(SUN, papersOf(SUN, 2));
    const [first, second] = papersOf(SUN, 2).map((paper) => paper.id);
    for (let i = 0; i < 5; i += 1) {
      await w.stores.votes.addVote({ platform: 'slack', workspaceId: 'T-OTHER', userId: `U${i}`, paperId: second!, at: '2026-06-14T10:00:00Z' });
    }
    await w.subscribe({ weekdays: [1] });
    expect(await w.deliver(MON)).toMatchObject({ status: 'done', posted: 1 });
    expect(w.paperIds()).toEqual([first]);
    expect(w.headers()).toMatchObject([{ votesWhere: 'in this workspace' }]);
  });
});
