/** SubscriptionStore on SQLite (table created by community-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { ChannelRef } from '../../core/channels.js';
import type { SubscriptionStore } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';
import { rowToSubscription, subscriptionToRow, type SubscriptionRow } from '../rows/subscription-row.js';

const KEY = 'platform = @platform AND workspace_id = @workspaceId AND channel_id = @channelId';

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteSubscriptionStoreSync(db: Database): Synchronous<SubscriptionStore> {
  const save = db.prepare(`
    INSERT INTO subscriptions (platform, workspace_id, channel_id, time, timezone, max_papers, min_upvotes, filter, cadence, thread,
      weekdays, empty_note, paused_at, pause_reason, consecutive_failures, created_by, created_at, updated_at)
    VALUES (@platform, @workspace_id, @channel_id, @time, @timezone, @max_papers, @min_upvotes, @filter, @cadence, @thread,
      @weekdays, @empty_note, @paused_at, @pause_reason, @consecutive_failures, @created_by, @created_at, @updated_at)
    ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET
      time = excluded.time, timezone = excluded.timezone, max_papers = excluded.max_papers,
      min_upvotes = excluded.min_upvotes, filter = excluded.filter, cadence = excluded.cadence, thread = excluded.thread,
      weekdays = excluded.weekdays, empty_note = excluded.empty_note, paused_at = excluded.paused_at,
      pause_reason = excluded.pause_reason, consecutive_failures = excluded.consecutive_failures,
      updated_at = excluded.updated_at`);
  const deliveryState = db.prepare(`
    UPDATE subscriptions SET consecutive_failures = @consecutiveFailures, paused_at = @pausedAt, pause_reason = @pauseReason
    WHERE ${KEY}`);
  const get = db.prepare<[ChannelRef], SubscriptionRow>(`SELECT * FROM subscriptions WHERE ${KEY}`);
  const remove = db.prepare<[ChannelRef]>(`DELETE FROM subscriptions WHERE ${KEY}`);
  const listAll = db.prepare<[], SubscriptionRow>('SELECT * FROM subscriptions ORDER BY platform, workspace_id, channel_id');
  const listPlatform = db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = ? ORDER BY workspace_id, channel_id');

  return {
    saveSubscription(subscription) {
      save.run(subscriptionToRow(subscription));
    },
    setDeliveryState(channel, state) {
      deliveryState.run({ ...keyOf(channel), consecutiveFailures: state.consecutiveFailures, pausedAt: state.pausedAt ?? null, pauseReason: state.pauseReason ?? null });
    },
    getSubscription(channel) {
      const row = get.get(keyOf(channel));
      return row ? rowToSubscription(row) : undefined;
    },
    removeSubscription(channel) {
      return remove.run(keyOf(channel)).changes > 0;
    },
    listSubscriptions(platform) {
      return (platform === undefined ? listAll.all() : listPlatform.all(platform)).map(rowToSubscription);
    },
  };
}

function keyOf(channel: ChannelRef): ChannelRef {
  return { platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId };
}

export function createSqliteSubscriptionStore(db: Database): SubscriptionStore {
  return promised<SubscriptionStore>(createSqliteSubscriptionStoreSync(db));
}
