/** RunStore on PostgreSQL (table created by delivery-schema.ts, spans added by coverage-schema.ts). */
import type { ChannelRef } from '../../core/channels.js';
import type { RunStore } from '../../core/ports.js';
import { rowToRun, runDayLists, type RunRow } from '../rows/run-row.js';
import type { Queryable } from './database.js';

const KEY = 'platform = $1 AND workspace_id = $2 AND channel_id = $3';
const keyOf = (channel: ChannelRef): string[] => [channel.platform, channel.workspaceId, channel.channelId];

// One statement, so two instances beginning the same run at once both see the row it leaves:
// a finished run comes back untouched (the conflict's WHERE fails and the CTE falls through to
// the existing row), anything else is (re)started.
const BEGIN = `
  WITH started AS (
    INSERT INTO digest_runs (platform, workspace_id, channel_id, day, to_day, state, scheduled_for, started_at)
    VALUES ($1, $2, $3, $4, $7, 'running', $5, $6)
    ON CONFLICT (platform, workspace_id, channel_id, day) DO UPDATE
      SET state = 'running', attempts = digest_runs.attempts + 1, started_at = excluded.started_at, finished_at = NULL, to_day = excluded.to_day
      WHERE digest_runs.state IN ('running', 'failed')
    RETURNING *
  )
  SELECT * FROM started
  UNION ALL
  SELECT * FROM digest_runs WHERE ${KEY} AND day = $4 AND NOT EXISTS (SELECT 1 FROM started)`;

export function createPostgresRunStore(db: Queryable): RunStore {
  return {
    async beginRun(channel, day, scheduledFor, at, span) {
      const to = span?.to ?? day;
      const { rows } = await db.query<RunRow>(BEGIN, [...keyOf(channel), day, scheduledFor, at, to === day ? null : to]);
      // Empty when another instance inserted the row after this statement's snapshot was taken.
      const row = rows[0] ?? (await db.query<RunRow>(`SELECT * FROM digest_runs WHERE ${KEY} AND day = $4`, [...keyOf(channel), day])).rows[0];
      if (!row) throw new Error('digest run vanished while it was begun');
      return rowToRun(row);
    },
    async finishRun(channel, day, result) {
      const { emptyDays, openDays } = runDayLists(result);
      await db.query(
        `UPDATE digest_runs SET state = $5, posted = posted + $6, error = $7, source_error = coalesce($8, source_error), finished_at = $9,
           empty_days = $10, open_days = $11
         WHERE ${KEY} AND day = $4`,
        [...keyOf(channel), day, result.state, result.posted, result.error ?? null, result.sourceError ?? null, result.at, emptyDays, openDays],
      );
    },
    async getRun(channel, day) {
      const { rows } = await db.query<RunRow>(`SELECT * FROM digest_runs WHERE ${KEY} AND day = $4`, [...keyOf(channel), day]);
      return rows[0] ? rowToRun(rows[0]) : undefined;
    },
    async latestRun(channel) {
      const { rows } = await db.query<RunRow>(`SELECT * FROM digest_runs WHERE ${KEY} ORDER BY started_at DESC, day DESC LIMIT 1`, keyOf(channel));
      return rows[0] ? rowToRun(rows[0]) : undefined;
    },
    async latestFinishedRun(channel) {
      const { rows } = await db.query<RunRow>(
        `SELECT * FROM digest_runs WHERE ${KEY} AND state IN ('done', 'empty') ORDER BY coalesce(to_day, day) DESC, started_at DESC LIMIT 1`,
        keyOf(channel),
      );
      return rows[0] ? rowToRun(rows[0]) : undefined;
    },
    async unfinishedRuns() {
      const { rows } = await db.query<RunRow>("SELECT * FROM digest_runs WHERE state IN ('running', 'failed') ORDER BY started_at");
      return rows.map(rowToRun);
    },
    async pruneRunsBefore(cutoff) {
      return (await db.query('DELETE FROM digest_runs WHERE started_at < $1', [cutoff])).rowCount ?? 0;
    },
  };
}
