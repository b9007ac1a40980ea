/** RunStore on SQLite (table created by delivery-schema.ts, spans added by coverage-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { ChannelRef } from '../../core/channels.js';
import type { DigestRun } from '../../core/runs.js';
import { toPlatform } from './subscription-store.js';
import type { RunStore } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';

interface RunRow {
  platform: string;
  workspace_id: string;
  channel_id: string;
  day: string;
  state: DigestRun['state'];
  scheduled_for: string;
  started_at: string;
  finished_at: string | null;
  attempts: number;
  posted: number;
  error: string | null;
  source_error: string | null;
  to_day: string | null;
  empty_days: string;
  open_days: string;
}

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
    beginRun: (channel, day, scheduledFor, at, span) => toRun(begin(channel, day, scheduledFor, at, span?.to ?? day)),
    finishRun(channel, day, result) {
      finish.run({
        ...key(channel), day, state: result.state, posted: result.posted, error: result.error ?? null, sourceError: result.sourceError ?? null, at: result.at,
        emptyDays: (result.emptyDays ?? []).join(','), openDays: (result.openDays ?? []).join(','),
      });
    },
    getRun(channel, day) {
      const row = select.get({ ...key(channel), day });
      return row ? toRun(row) : undefined;
    },
    latestRun(channel) {
      const row = latest.get(key(channel));
      return row ? toRun(row) : undefined;
    },
    latestFinishedRun(channel) {
      const row = latestFinished.get(key(channel));
      return row ? toRun(row) : undefined;
    },
    unfinishedRuns: () => unfinished.all().map(toRun),
    pruneRunsBefore: (cutoff) => prune.run(cutoff).changes,
  };
}

function toRun(row: RunRow): DigestRun {
  return {
    channel: { platform: toPlatform(row.platform), workspaceId: row.workspace_id, channelId: row.channel_id },
    day: row.day,
    to: row.to_day ?? row.day,
    state: row.state,
    scheduledFor: row.scheduled_for,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? undefined,
    attempts: row.attempts,
    posted: row.posted,
    error: row.error ?? undefined,
    sourceError: row.source_error ?? undefined,
    emptyDays: dayList(row.empty_days),
    openDays: dayList(row.open_days),
  };
}

const dayList = (text: string): string[] => text.split(',').filter((day) => day !== '');

export function createSqliteRunStore(db: Database): RunStore {
  return promised<RunStore>(createSqliteRunStoreSync(db));
}
