/** RunStore on SQLite (table created by delivery-schema.ts, spans added by coverage-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { ChannelRef } from '../../core/channels.js';
import type { RunStore } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';
import { rowToRun, runDayLists, type RunRow } from '../rows/run-row.js';

const KEY = 'platform = @platform AND workspace_id = @workspaceId AND channel_id = @channelId';

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteRunStoreSync(db: Database): Synchronous<RunStore> {
  const insert = db.prepare(`
    INSERT INTO digest_runs (platform, workspace_id, channel_id, day, to_day, state, scheduled_for, started_at)
    VALUES (@platform, @workspaceId, @channelId, @day, @to, 'running', @scheduledFor, @at)
    ON CONFLICT DO UPDATE SET state = 'running', attempts = attempts + 1, started_at = @at, finished_at = NULL, to_day = @to
    WHERE state IN ('running', 'failed')`);
  const select = db.prepare<[Record<string, string>], RunRow>(`SELECT * FROM digest_runs WHERE ${KEY} AND day = @day`);
  const finish = db.prepare(`
    UPDATE digest_runs SET state = @state, posted = posted + @posted, error = @error,
      source_error = coalesce(@sourceError, source_error), finished_at = @at, empty_days = @emptyDays, open_days = @openDays
    WHERE ${KEY} AND day = @day`);
  const latest = db.prepare<[Record<string, string>], RunRow>(`SELECT * FROM digest_runs WHERE ${KEY} ORDER BY started_at DESC, day DESC LIMIT 1`);
  const latestFinished = db.prepare<[Record<string, string>], RunRow>(`
    SELECT * FROM digest_runs WHERE ${KEY} AND state IN ('done', 'empty')
    ORDER BY coalesce(to_day, day) DESC, started_at DESC LIMIT 1`);
  const unfinished = db.prepare<[], RunRow>(`SELECT * FROM digest_runs WHERE state IN ('running', 'failed') ORDER BY started_at`);
  const prune = db.prepare<[string]>('DELETE FROM digest_runs WHERE started_at < ?');
  const key = (channel: ChannelRef) => ({ platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId });

  const begin = db.transaction((channel: ChannelRef, day: string, scheduledFor: string, at: string, to: string): RunRow => {
    insert.run({ ...key(channel), day, scheduledFor, at, to: to === day ? null : to });
    const row = select.get({ ...key(channel), day });
    if (!row) throw new Error('digest run vanished inside its own transaction');
    return row;
  });

  return {
    beginRun: (channel, day, scheduledFor, at, span) => rowToRun(begin(channel, day, scheduledFor, at, span?.to ?? day)),
    finishRun(channel, day, result) {
      finish.run({
        ...key(channel), day, state: result.state, posted: result.posted, error: result.error ?? null, sourceError: result.sourceError ?? null, at: result.at,
        ...runDayLists(result),
      });
    },
    getRun(channel, day) {
      const row = select.get({ ...key(channel), day });
      return row ? rowToRun(row) : undefined;
    },
    latestRun(channel) {
      const row = latest.get(key(channel));
      return row ? rowToRun(row) : undefined;
    },
    latestFinishedRun(channel) {
      const row = latestFinished.get(key(channel));
      return row ? rowToRun(row) : undefined;
    },
    unfinishedRuns: () => unfinished.all().map(rowToRun),
    pruneRunsBefore: (cutoff) => prune.run(cutoff).changes,
  };
}

export function createSqliteRunStore(db: Database): RunStore {
  return promised<RunStore>(createSqliteRunStoreSync(db));
}
