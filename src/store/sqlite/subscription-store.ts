/** SubscriptionStore on SQLite (table created by community-schema.ts). */
import type { Database } from 'better-sqlite3';
import { PLATFORM_NAMES, type ChannelRef, type PlatformName } from '../../core/channels.js';
import type { Subscription } from '../../core/subscription.js';
import type { SubscriptionStore } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';

interface SubscriptionRow {
  platform: string;
  workspace_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  max_papers: number;
  min_upvotes: number;
  filter: string;
  cadence: string;
  thread: number;
  weekdays: string;
  empty_note: number;
  paused_at: string | null;
  pause_reason: string | null;
  consecutive_failures: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

const KEY = 'platform = @platform AND workspace_id = @workspaceId AND channel_id = @channelId';

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteSubscriptionStoreSync(db: Database): Synchronous<SubscriptionStore> {
  const save = db.prepare(`
    INSERT INTO subscriptions (platform, workspace_id, channel_id, time, timezone, max_papers, min_upvotes, filter, cadence, thread,
      weekdays, empty_note, paused_at, pause_reason, consecutive_failures, created_by, created_at, updated_at)
    VALUES (@platform, @workspaceId, @channelId, @time, @timezone, @maxPapers, @minUpvotes, @filter, @cadence, @thread,
      @weekdays, @emptyNote, @pausedAt, @pauseReason, @consecutiveFailures, @createdBy, @createdAt, @updatedAt)
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
      save.run({
        ...keyOf(subscription),
        time: subscription.time,
        timezone: subscription.timezone,
        maxPapers: subscription.maxPapers,
        minUpvotes: subscription.minUpvotes,
        filter: subscription.filter,
        cadence: subscription.cadence,
        thread: subscription.thread ? 1 : 0,
        weekdays: subscription.weekdays.join(','),
        emptyNote: subscription.emptyNote ? 1 : 0,
        pausedAt: subscription.pausedAt ?? null,
        pauseReason: subscription.pauseReason ?? null,
        consecutiveFailures: subscription.consecutiveFailures,
        createdBy: subscription.createdBy,
        createdAt: subscription.createdAt,
        updatedAt: subscription.updatedAt,
      });
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

function rowToSubscription(row: SubscriptionRow): Subscription {
  return {
    platform: toPlatform(row.platform),
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    maxPapers: row.max_papers,
    minUpvotes: row.min_upvotes,
    filter: row.filter,
    cadence: row.cadence === 'weekly' ? 'weekly' : 'daily',
    thread: row.thread === 1,
    weekdays: row.weekdays.split(',').filter(Boolean).map(Number),
    emptyNote: row.empty_note === 1,
    pausedAt: row.paused_at ?? undefined,
    pauseReason: row.pause_reason ?? undefined,
    consecutiveFailures: row.consecutive_failures,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toPlatform(value: string): PlatformName {
  const platform = PLATFORM_NAMES.find((name) => name === value);
  if (!platform) throw new Error(`unknown platform "${value}" in the database`);
  return platform;
}

export function createSqliteSubscriptionStore(db: Database): SubscriptionStore {
  return promised<SubscriptionStore>(createSqliteSubscriptionStoreSync(db));
}
