/** SubscriptionStore on PostgreSQL (table created by channels-schema.ts). */
import type { ChannelRef } from '../../core/channels.js';
import type { SubscriptionStore } from '../../core/ports.js';
import { rowToSubscription, subscriptionToRow, type SubscriptionRow } from '../rows/subscription-row.js';
import type { Queryable } from './database.js';

const COLUMNS = [
  'platform', 'workspace_id', 'channel_id', 'time', 'timezone', 'max_papers', 'min_upvotes', 'filter', 'cadence', 'thread',
  'weekdays', 'empty_note', 'paused_at', 'pause_reason', 'consecutive_failures', 'created_by', 'created_at', 'updated_at',
] as const satisfies readonly (keyof SubscriptionRow)[];
/** Everything but the key and the creation stamp changes when a channel subscribes again. */
const UPDATED = COLUMNS.filter((column) => !['platform', 'workspace_id', 'channel_id', 'created_by', 'created_at'].includes(column));

const SAVE = `
  INSERT INTO subscriptions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (platform, workspace_id, channel_id) DO UPDATE SET ${UPDATED.map((column) => `${column} = excluded.${column}`).join(', ')}`;
const KEY = 'platform = $1 AND workspace_id = $2 AND channel_id = $3';

const keyOf = (channel: ChannelRef): string[] => [channel.platform, channel.workspaceId, channel.channelId];

export function createPostgresSubscriptionStore(db: Queryable): SubscriptionStore {
  return {
    async saveSubscription(subscription) {
      const row = subscriptionToRow(subscription);
      await db.query(SAVE, COLUMNS.map((column) => row[column]));
    },
    async setDeliveryState(channel, state) {
      await db.query(`UPDATE subscriptions SET consecutive_failures = $4, paused_at = $5, pause_reason = $6 WHERE ${KEY}`, [
        ...keyOf(channel),
        state.consecutiveFailures,
        state.pausedAt ?? null,
        state.pauseReason ?? null,
      ]);
    },
    async getSubscription(channel) {
      const { rows } = await db.query<SubscriptionRow>(`SELECT * FROM subscriptions WHERE ${KEY}`, keyOf(channel));
      return rows[0] ? rowToSubscription(rows[0]) : undefined;
    },
    async removeSubscription(channel) {
      const result = await db.query(`DELETE FROM subscriptions WHERE ${KEY}`, keyOf(channel));
      return (result.rowCount ?? 0) > 0;
    },
    async listSubscriptions(platform) {
      const { rows } =
        platform === undefined
          ? await db.query<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY platform, workspace_id, channel_id')
          : await db.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = $1 ORDER BY workspace_id, channel_id', [platform]);
      return rows.map(rowToSubscription);
    },
  };
}
