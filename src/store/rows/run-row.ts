/** How a DigestRun is laid out in the `digest_runs` table, in SQLite and PostgreSQL alike. */
import type { DigestRun } from '../../core/runs.js';
import { toPlatform } from './subscription-row.js';

export interface RunRow {
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
  /** The span's last papers-day; NULL for a one-day run. */
  to_day: string | null;
  /** Comma-separated papers-days. */
  empty_days: string;
  open_days: string;
}

export function rowToRun(row: RunRow): DigestRun {
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

/** A finished run's day lists as the columns store them. */
export function runDayLists(result: { emptyDays?: readonly string[] | undefined; openDays?: readonly string[] | undefined }): { emptyDays: string; openDays: string } {
  return { emptyDays: (result.emptyDays ?? []).join(','), openDays: (result.openDays ?? []).join(',') };
}

const dayList = (text: string): string[] => text.split(',').filter((day) => day !== '');
