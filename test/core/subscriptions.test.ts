import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channels.js';
import { parseKeywordList, subscribeChannel, unsubscribeChannel, type SubscriptionSettings } from '../../src/core/subscriptions/subscribe.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import type { SubscriptionStore } from '../../src/core/ports.js';

/** The real SQLite store on an in-memory database. */
function memoryStore(): SubscriptionStore {
  return createSqliteStores(openDatabase(':memory:')).subscriptions;
}

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C1' };
const defaults: SubscriptionSettings = { time: '09:00', timezone: 'UTC', maxPapers: 10, minUpvotes: 0, filter: '', cadence: 'daily', thread: false, weekdays: [0, 1, 2, 3, 4, 5, 6], emptyNote: false };
let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 5, 12, 10, 0, tick++)) };

describe('subscribeChannel', () => {
  it('creates a subscription from defaults and canonicalises what was typed', async () => {
    const store = memoryStore();
    const result = await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { time: '7:05', timezone: 'europe/berlin', filter: '  Memory  OR "sparse attention" ' } });
    expect(result.status).toBe('created');
    expect(await store.getSubscription(channel)).toMatchObject({ time: '07:05', timezone: 'Europe/Berlin', filter: 'Memory OR "sparse attention"', maxPapers: 10, createdBy: 'U1' });
  });

  it('updates only the settings given and keeps who created it', async () => {
    const store = memoryStore();
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { maxPapers: 5 } });
    const result = await subscribeChannel(store, clock, { channel, userId: 'U2', defaults, input: { minUpvotes: 3 } });
    expect(result.status).toBe('updated');
    expect(await store.getSubscription(channel)).toMatchObject({ maxPapers: 5, minUpvotes: 3, createdBy: 'U1' });
  });

  it('lists every invalid setting with a message a user can act on, and saves nothing', async () => {
    const store = memoryStore();
    const result = await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { time: '25:00', timezone: 'Mars/Olympus', maxPapers: 99, minUpvotes: -1 } });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.problems).toEqual([
      'time must be HH:MM in 24-hour form, e.g. 09:30',
      'timezone must be an IANA name such as Europe/Berlin or America/New_York',
      'max_papers must be at most 25',
      'min_upvotes must be 0 or more',
    ]);
    expect(await store.getSubscription(channel)).toBeUndefined();
  });

  it('resumes a paused subscription when the channel subscribes again', async () => {
    const store = memoryStore();
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { weekdays: [5, 1, 1] } });
    await store.setDeliveryState(channel, { consecutiveFailures: 3, pausedAt: 't', pauseReason: 'missing access' });
    expect(await store.getSubscription(channel)).toMatchObject({ pausedAt: 't', weekdays: [1, 5] });
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: {} });
    expect(await store.getSubscription(channel)).toMatchObject({ pausedAt: undefined, consecutiveFailures: 0 });
  });

  it('unsubscribes and says when there was nothing to remove', async () => {
    const store = memoryStore();
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: {} });
    expect((await unsubscribeChannel(store, channel)).status).toBe('removed');
    expect((await unsubscribeChannel(store, channel)).status).toBe('not_subscribed');
  });
});

describe('subscribeChannel: filters and cadence', () => {
  it('refuses a filter that can match nothing or has a bad value, saying why', async () => {
    const store = memoryStore();
    for (const [filter, problem] of [['!!!', /can never match/u], ['memory min:lots', /min:lots is not a whole number/u], ['memory OR', /OR must stand between/u]] as const) {
      const result = await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { filter } });
      expect(result.status).toBe('invalid');
      if (result.status === 'invalid') expect(result.problems.join(' ')).toMatch(problem);
    }
    expect(await store.getSubscription(channel)).toBeUndefined();
  });

  it('clears a filter with none, and keeps it as typed otherwise', async () => {
    const store = memoryStore();
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { filter: 'author:"Yann LeCun"  OR author:bengio' } });
    expect((await store.getSubscription(channel))?.filter).toBe('author:"Yann LeCun" OR author:bengio');
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { filter: 'NONE' } });
    expect((await store.getSubscription(channel))?.filter).toBe('');
  });

  it('posts a weekly digest on one day: Monday unless given, and back to every day when daily again', async () => {
    const store = memoryStore();
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { cadence: 'weekly' } });
    expect(await store.getSubscription(channel)).toMatchObject({ cadence: 'weekly', weekdays: [1] });
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { weekdays: [5] } });
    expect(await store.getSubscription(channel)).toMatchObject({ cadence: 'weekly', weekdays: [5] });
    const several = await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { weekdays: [1, 3] } });
    expect(several).toMatchObject({ status: 'invalid', problems: ['a weekly digest goes out on one day: give days:mon (or another single day)'] });
    await subscribeChannel(store, clock, { channel, userId: 'U1', defaults, input: { cadence: 'daily' } });
    expect(await store.getSubscription(channel)).toMatchObject({ cadence: 'daily', weekdays: [0, 1, 2, 3, 4, 5, 6] });
  });
});

describe('parseKeywordList', () => {
  it('splits, trims, lower-cases and dedupes', () => {
    expect(parseKeywordList(' Memory, agents ,,memory, RL ')).toEqual(['memory', 'agents', 'rl']);
  });
});
