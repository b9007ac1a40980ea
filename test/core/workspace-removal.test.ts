/**
 * A workspace removing the app pauses its digests, a reinstall resumes them, and a digest run
 * that was under way when the app was removed keeps the pause whatever its own outcome.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { deliverDigest } from '../../src/core/digest/deliver.js';
import type { DigestPoster } from '../../src/core/ports.js';
import type { SendFailure } from '../../src/core/posts.js';
import { subscribeChannel } from '../../src/core/subscriptions/subscribe.js';
import { isRemovedPause, pauseWorkspaces, removedPauseReason, resumeWorkspaces } from '../../src/core/subscriptions/workspace.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { loadFixturePapers } from '../support/papers.js';
import { recordingPoster, sendFailure } from '../support/recording-poster.js';

const clock = { now: () => new Date('2026-06-13T09:00:00Z') };
const inA1: ChannelRef = { platform: 'slack', workspaceId: 'TA', channelId: 'CA1' };
const inA2: ChannelRef = { platform: 'slack', workspaceId: 'TA', channelId: 'CA2' };
const inB: ChannelRef = { platform: 'slack', workspaceId: 'TB', channelId: 'CB1' };
const discordTA: ChannelRef = { platform: 'discord', workspaceId: 'TA', channelId: 'D1' };
const defaults = { time: '09:00', timezone: 'UTC', maxPapers: 3, minUpvotes: 0, filter: '', cadence: 'daily' as const, thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false };

async function setup() {
  const stores = createSqliteStores(openDatabase(':memory:'), { clock });
  await stores.papers.upsertPapers(loadFixturePapers());
  for (const channel of [inA1, inA2, inB, discordTA]) await subscribeChannel(stores.subscriptions, clock, { channel, userId: 'U1', input: {}, defaults });
  return stores;
}

describe('pausing and resuming a workspace', () => {
  it('pauses only that workspace on that platform, and a reinstall resumes only what the removal paused', async () => {
    const stores = await setup();
    await stores.subscriptions.setDeliveryState(inA2, { consecutiveFailures: 3, pausedAt: 't0', pauseReason: 'channel_not_found' });
    expect(await pauseWorkspaces({ subscriptions: stores.subscriptions, clock }, 'slack', ['TA'], 'app_uninstalled')).toBe(1);
    expect(await stores.subscriptions.getSubscription(inA1)).toMatchObject({ pausedAt: '2026-06-13T09:00:00.000Z', pauseReason: removedPauseReason('app_uninstalled') });
    expect(await stores.subscriptions.getSubscription(inA2)).toMatchObject({ pauseReason: 'channel_not_found' });
    expect((await stores.subscriptions.getSubscription(inB))?.pausedAt).toBeUndefined();
    expect((await stores.subscriptions.getSubscription(discordTA))?.pausedAt).toBeUndefined();

    expect(await resumeWorkspaces({ subscriptions: stores.subscriptions }, 'slack', ['TA'])).toBe(1);
    expect(await stores.subscriptions.getSubscription(inA1)).toMatchObject({ pausedAt: undefined, pauseReason: undefined, consecutiveFailures: 0 });
    expect(await stores.subscriptions.getSubscription(inA2)).toMatchObject({ pauseReason: 'channel_not_found' });
    expect(isRemovedPause('channel_not_found')).toBe(false);
  });
});

describe('a digest run under way when the workspace removes the app', () => {
  /** Posts the header; then, before the first paper, the workspace removes the app (and later posts fail with `failure`, if given). */
  function removedMidRun(stores: Awaited<ReturnType<typeof setup>>, failure?: SendFailure): DigestPoster {
    const recorder = recordingPoster();
    return {
      ...recorder,
      async postPaper(channel, paper, options) {
        if (recorder.sentPapers().length === 0) {
          await pauseWorkspaces({ subscriptions: stores.subscriptions, clock }, 'slack', ['TA'], 'app_uninstalled');
          if (failure !== undefined) recorder.failChannel(channel.channelId, failure);
        }
        return recorder.postPaper(channel, paper, options);
      },
    };
  }

  it('keeps the removal pause and its reason after the run fails permanently', async () => {
    const stores = await setup();
    const poster = removedMidRun(stores, sendFailure('token_revoked', { permanent: true }));
    const outcome = await deliverDigest({ ...stores, poster, clock }, { dayOffset: 0, pauseAfterFailures: 1 }, inA1, new Date('2026-06-13T09:00:00Z'));
    expect(outcome).toMatchObject({ status: 'paused' });
    expect(await stores.subscriptions.getSubscription(inA1)).toMatchObject({ pauseReason: removedPauseReason('app_uninstalled'), consecutiveFailures: 1 });
    // Both channels of the workspace were paused by the removal, and both resume.
    expect(await resumeWorkspaces({ subscriptions: stores.subscriptions }, 'slack', ['TA'])).toBe(2);
  });

  it('keeps the removal pause after a run that still succeeds', async () => {
    const stores = await setup();
    await stores.subscriptions.setDeliveryState(inA1, { consecutiveFailures: 1 });
    const poster = removedMidRun(stores);
    expect(await deliverDigest({ ...stores, poster, clock }, { dayOffset: 0, pauseAfterFailures: 3 }, inA1, new Date('2026-06-13T09:00:00Z'))).toMatchObject({ status: 'done' });
    expect(await stores.subscriptions.getSubscription(inA1)).toMatchObject({ pauseReason: removedPauseReason('app_uninstalled'), consecutiveFailures: 0 });
  });
});
