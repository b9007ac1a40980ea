import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { channelKey } from '../../src/core/channels.js';
import {
  parseKeywordList,
  subscribeChannel,
  unsubscribeChannel,
  type Subscription,
  type SubscriptionSettings,
  type SubscriptionStore,
} from '../../src/core/subscriptions.js';

/** An in-memory SubscriptionStore: a fake at our own port (the SQLite one has its own tests). */
function memoryStore(): SubscriptionStore {
  const rows = new Map<string, Subscription>();
  return {
    saveSubscription: (subscription) => void rows.set(channelKey(subscription), subscription),
    getSubscription: (channel) => rows.get(channelKey(channel)),
    removeSubscription: (channel) => rows.delete(channelKey(channel)),
    listSubscriptions: (platform) => [...rows.values()].filter((row) => platform === undefined || row.platform === platform),
    setDeliveryState: (target, state) => {
      const row = rows.get(channelKey(target));
      if (row) rows.set(channelKey(target), { ...row, ...state });
    },
  };
}

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const defaults: SubscriptionSettings = { time: '09:00', timezone: 'UTC', maxPapers: 10, minUpvotes: 0, keywords: [], thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false };
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 5, 12, 10, 0, tick++)) };

describe('subscribeChannel', () => {
  it('creates a subscription from defaults and canonicalises what was typed', () => {
    const store = memoryStore();
    const result = subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { time: '7:05', timezone: 'europe/berlin', keywords: ['Memory', 'memory'] } });
    expect(result.status).toBe('created');
    expect(store.getSubscription(channel)).toMatchObject({ time: '07:05', timezone: 'Europe/Berlin', keywords: ['memory'], maxPapers: 10, createdBy: 'U1' });
  });

  it('updates only the settings given and keeps who created it', () => {
    const store = memoryStore();
    subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { maxPapers: 5 } });
    const result = subscribeChannel(store, clock, { channel, userId: 'U2', defaults, input: { minUpvotes: 3 } });
    expect(result.status).toBe('updated');
    expect(store.getSubscription(channel)).toMatchObject({ maxPapers: 5, minUpvotes: 3, createdBy: 'U1' });
  });

  it('lists every invalid setting with a message a user can act on, and saves nothing', () => {
    const store = memoryStore();
    const result = subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { time: '25:00', timezone: 'Mars/Olympus', maxPapers: 99, minUpvotes: -1 } });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.problems).toEqual([
      'time must be HH:MM in 24-hour form, e.g. 09:30',
      'timezone must be an IANA name such as Europe/Berlin or America/New_York',
      'max_papers must be at most 25',
      'min_upvotes must be 0 or more',
    ]);
    expect(store.getSubscription(channel)).toBeUndefined();
  });

  it('resumes a paused subscription when the channel subscribes again', () => {
    const store = memoryStore();
    subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { weekdays: [5, 1, 1] } });
    store.setDeliveryState(channel, { consecutiveFailures: 3, pausedAt: 't', pauseReason: 'missing access' });
    expect(store.getSubscription(channel)).toMatchObject({ pausedAt: 't', weekdays: [1, 5] });
    subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: {} });
    expect(store.getSubscription(channel)).toMatchObject({ pausedAt: undefined, consecutiveFailures: 0 });
  });

  it('unsubscribes and says when there was nothing to remove', () => {
    const store = memoryStore();
    subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: {} });
    expect(unsubscribeChannel(store, channel).status).toBe('removed');
    expect(unsubscribeChannel(store, channel).status).toBe('not_subscribed');
  });
});

describe('parseKeywordList', () => {
  it('splits, trims, lower-cases and dedupes', () => {
    expect(parseKeywordList(' Memory, agents ,,memory, RL ')).toEqual(['memory', 'agents', 'rl']);
  });
});
