/** The SubscriptionStore contract: what every adapter keeps of a channel's digest settings. */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/channels.js';
import type { Subscription } from '../../../src/core/subscription.js';
import { useStores, type StoreAdapter } from './adapter.js';
import { discord, slack, subscriptionOf } from './refs.js';

const channelKey = (subscription: ChannelRef) => `${subscription.platform}/${subscription.workspaceId}/${subscription.channelId}`;
const keys = (subscriptions: readonly Subscription[]) => subscriptions.map(channelKey).sort();

export function describeSubscriptionStoreContract(adapter: StoreAdapter): void {
  describe(`SubscriptionStore on ${adapter.name}`, () => {
    const test = useStores(adapter);

    it('saves, reads back, updates in place and removes a subscription', async () => {
      const { subscriptions } = test().stores;
      await subscriptions.saveSubscription(subscriptionOf(discord));
      await subscriptions.saveSubscription(subscriptionOf(slack, { thread: false }));
      expect(await subscriptions.getSubscription(discord)).toEqual(subscriptionOf(discord));
      await subscriptions.saveSubscription(subscriptionOf(discord, { maxPapers: 3, updatedAt: 't1' }));
      expect(await subscriptions.listSubscriptions()).toHaveLength(2);
      expect((await subscriptions.listSubscriptions('discord'))[0]).toMatchObject({ maxPapers: 3, updatedAt: 't1', createdAt: 't0' });
      await subscriptions.setDeliveryState(discord, { consecutiveFailures: 3, pausedAt: 't2', pauseReason: 'channel gone' });
      expect(await subscriptions.getSubscription(discord)).toMatchObject({ consecutiveFailures: 3, pausedAt: 't2', pauseReason: 'channel gone', maxPapers: 3 });
      expect(await subscriptions.removeSubscription(discord)).toBe(true);
      expect(await subscriptions.removeSubscription(discord)).toBe(false);
      expect(await subscriptions.listSubscriptions('slack')).toHaveLength(1);
    });

    it('gives back every setting as saved: the filter as typed, weekday order, flags, a pause', async () => {
      const { subscriptions } = test().stores;
      const paused = subscriptionOf(discord, {
        time: '23:59', timezone: 'America/Argentina/Buenos_Aires', maxPapers: 1, minUpvotes: 50, filter: 'LLM OR agents  "long-term memory" author:"Yann LeCun"',
        thread: false, weekdays: [6, 0, 3], emptyNote: false, consecutiveFailures: 2, pausedAt: 't5', pauseReason: 'missing access', createdBy: 'U9',
      });
      await subscriptions.saveSubscription(paused);
      expect(await subscriptions.getSubscription(discord)).toEqual(paused);
    });

    it('keeps a weekly cadence and its one day, and changes cadence and filter in place', async () => {
      const { subscriptions } = test().stores;
      const weekly = subscriptionOf(slack, { cadence: 'weekly', weekdays: [5], filter: '' });
      await subscriptions.saveSubscription(weekly);
      expect(await subscriptions.getSubscription(slack)).toEqual(weekly);
      const daily = { ...weekly, cadence: 'daily' as const, weekdays: [0, 1, 2, 3, 4, 5, 6], filter: 'agents OR robotics', updatedAt: 't1' };
      await subscriptions.saveSubscription(daily);
      expect(await subscriptions.getSubscription(slack)).toEqual(daily);
    });

    it('keeps the creator and creation time when a subscription is saved again', async () => {
      const { subscriptions } = test().stores;
      await subscriptions.saveSubscription(subscriptionOf(slack));
      await subscriptions.saveSubscription(subscriptionOf(slack, { createdBy: 'U2', createdAt: 't9', updatedAt: 't9', time: '07:15' }));
      expect(await subscriptions.getSubscription(slack)).toMatchObject({ createdBy: 'U1', createdAt: 't0', updatedAt: 't9', time: '07:15' });
    });

    it('has no subscription for a channel never subscribed', async () => {
      const { subscriptions } = test().stores;
      expect(await subscriptions.getSubscription(discord)).toBeUndefined();
      expect(await subscriptions.listSubscriptions()).toEqual([]);
    });

    it('keeps channels apart by platform, workspace and channel id', async () => {
      const { subscriptions } = test().stores;
      const otherWorkspace = { ...discord, workspaceId: 'G2' };
      await subscriptions.saveSubscription(subscriptionOf(discord, { maxPapers: 1 }));
      await subscriptions.saveSubscription(subscriptionOf(otherWorkspace, { maxPapers: 2 }));
      await subscriptions.saveSubscription(subscriptionOf(slack, { maxPapers: 3 }));
      expect((await subscriptions.getSubscription(otherWorkspace))?.maxPapers).toBe(2);
      expect(await subscriptions.removeSubscription(discord)).toBe(true);
      expect(keys(await subscriptions.listSubscriptions())).toEqual(keys([subscriptionOf(otherWorkspace), subscriptionOf(slack)]));
    });

    it('lists every subscription once, or only those of one platform', async () => {
      const { subscriptions } = test().stores;
      const channels = [discord, { ...discord, channelId: 'C2' }, slack, { ...slack, workspaceId: 'T2' }];
      for (const channel of channels) await subscriptions.saveSubscription(subscriptionOf(channel));
      await subscriptions.saveSubscription(subscriptionOf(discord, { updatedAt: 't1' }));
      expect(keys(await subscriptions.listSubscriptions())).toEqual(keys(channels.map((channel) => subscriptionOf(channel))));
      expect(keys(await subscriptions.listSubscriptions('discord'))).toEqual([`discord/G1/C1`, `discord/G1/C2`]);
      expect(keys(await subscriptions.listSubscriptions('slack'))).toEqual([`slack/T1/C1`, `slack/T2/C1`]);
    });

    it('records delivery state without touching the settings, and lifts a pause', async () => {
      const { subscriptions } = test().stores;
      const saved = subscriptionOf(slack, { filter: 'agents', weekdays: [0, 6], updatedAt: 't3' });
      await subscriptions.saveSubscription(saved);
      await subscriptions.setDeliveryState(slack, { consecutiveFailures: 3, pausedAt: 't4', pauseReason: 'channel archived' });
      expect(await subscriptions.getSubscription(slack)).toEqual({ ...saved, consecutiveFailures: 3, pausedAt: 't4', pauseReason: 'channel archived' });
      await subscriptions.setDeliveryState(slack, { consecutiveFailures: 0 });
      expect(await subscriptions.getSubscription(slack)).toEqual(saved);
    });

    it('does not create a subscription when recording delivery for an unsubscribed channel', async () => {
      const { subscriptions } = test().stores;
      await subscriptions.setDeliveryState(discord, { consecutiveFailures: 1 });
      expect(await subscriptions.getSubscription(discord)).toBeUndefined();
      expect(await subscriptions.listSubscriptions()).toEqual([]);
    });
  });
}
