/** FollowStore on SQLite (tables created by follows-schema.ts). */
import type { Database } from 'better-sqlite3';
import type { Follower } from '../../core/follows/follow.js';
import type { PaperId } from '../../core/paper.js';
import type { AddFollowResult, FollowStore } from '../../core/ports.js';
import { promised, type Synchronous } from '../promised.js';
import { FOLLOW_SELECT, parseAlertPapers, rowToFollow, type FollowRow } from '../rows/follow-row.js';

type Person = Pick<Follower, 'platform' | 'userId'>;

/** The synchronous implementation, for SQLite-specific tests and benchmarks. */
export function createSqliteFollowStoreSync(db: Database): Synchronous<FollowStore> {
  const byPerson = db.prepare<[Person], FollowRow>(`${FOLLOW_SELECT} WHERE f.platform = @platform AND f.user_id = @userId ORDER BY f.id`);
  const byQuery = db.prepare<[Person & { query: string }], FollowRow>(`${FOLLOW_SELECT} WHERE f.platform = @platform AND f.user_id = @userId AND f.query = @query`);
  const active = db.prepare<[], FollowRow>(`${FOLLOW_SELECT} WHERE p.paused_at IS NULL ORDER BY f.platform, f.user_id, f.id`);
  const count = db.prepare<[Person], number>('SELECT count(*) FROM follows WHERE platform = @platform AND user_id = @userId').pluck();
  // The latest workspace wins: alerts go out through the platform of the last follow made.
  const upsertFollower = db.prepare(`INSERT INTO followers (platform, user_id, workspace_id) VALUES (@platform, @userId, @workspaceId)
    ON CONFLICT (platform, user_id) DO UPDATE SET workspace_id = excluded.workspace_id`);
  const insert = db.prepare('INSERT INTO follows (platform, user_id, query, created_at) VALUES (@platform, @userId, @query, @at)');
  const removeOne = db.prepare('DELETE FROM follows WHERE platform = @platform AND user_id = @userId AND id = @id');
  const removeAll = db.prepare('DELETE FROM follows WHERE platform = @platform AND user_id = @userId');
  const pause = db.prepare('UPDATE followers SET paused_at = @at, pause_reason = @reason WHERE platform = @platform AND user_id = @userId');
  const pausedReason = db.prepare<[Person], { pause_reason: string | null; paused_at: string | null }>(
    'SELECT pause_reason, paused_at FROM followers WHERE platform = @platform AND user_id = @userId');
  const resume = db.prepare('UPDATE followers SET paused_at = NULL, pause_reason = NULL WHERE platform = @platform AND user_id = @userId');
  const alerted = db.prepare<[Person & { id: string }], number>(
    'SELECT 1 FROM follow_alerted WHERE platform = @platform AND user_id = @userId AND paper_id = @id').pluck();
  const record = db.prepare(`INSERT INTO follow_alerted (platform, user_id, paper_id, day) VALUES (@platform, @userId, @id, @day)
    ON CONFLICT DO NOTHING`);

  const fixedAlert = db.prepare<[Person & { day: string }], string>(
    'SELECT papers FROM follow_alerts WHERE platform = @platform AND user_id = @userId AND day = @day').pluck();
  const insertAlert = db.prepare(`INSERT INTO follow_alerts (platform, user_id, day, papers, matched, created_at)
    VALUES (@platform, @userId, @day, @papers, @matched, @at) ON CONFLICT DO NOTHING`);
  const beginRun = db.prepare(`INSERT INTO follow_runs (day, state, started_at) VALUES (@day, 'running', @at)
    ON CONFLICT (day) DO UPDATE SET state = 'running', started_at = excluded.started_at, finished_at = NULL`);
  const finishRun = db.prepare(`UPDATE follow_runs SET state = 'done', finished_at = @at, people = @people, sent = @sent WHERE day = @day`);
  const unfinished = db.prepare<[], string>(`SELECT day FROM follow_runs WHERE state = 'running' ORDER BY day`).pluck();

  const fix = db.transaction((follower: Person, day: string, paperIds: readonly PaperId[], at: string): PaperId[] => {
    const who = person(follower);
    insertAlert.run({ ...who, day, papers: JSON.stringify(paperIds), matched: paperIds.length, at });
    return parseAlertPapers(fixedAlert.get({ ...who, day }));
  });

  const person = (follower: Person): Person => ({ platform: follower.platform, userId: follower.userId });

  const add = db.transaction((follow: Follower & { query: string; at: string }, max: number): AddFollowResult => {
    const who = person(follow);
    const existing = byQuery.get({ ...who, query: follow.query });
    if (existing !== undefined) return { status: 'duplicate', follow: rowToFollow(existing) };
    const held = count.get(who) ?? 0;
    if (held >= max) return { status: 'limit', count: held };
    upsertFollower.run({ ...who, workspaceId: follow.workspaceId });
    insert.run({ ...who, query: follow.query, at: follow.at });
    const added = byQuery.get({ ...who, query: follow.query });
    if (added === undefined) throw new Error('follow vanished after insert');
    return { status: 'added', follow: rowToFollow(added) };
  });

  return {
    addFollow: (follow, max) => add(follow, max),
    listFollows: (follower) => byPerson.all(person(follower)).map(rowToFollow),
    removeFollows: (follower, which) =>
      (which === 'all' ? removeAll.run(person(follower)) : removeOne.run({ ...person(follower), id: which })).changes,
    activeFollows: () => active.all().map(rowToFollow),
    pauseFollower: (follower, reason, at) => {
      pause.run({ ...person(follower), reason, at });
    },
    resumeFollower: (follower) => {
      const row = pausedReason.get(person(follower));
      if (row?.paused_at == null) return undefined;
      resume.run(person(follower));
      return row.pause_reason ?? 'paused';
    },
    alertedAmong: (follower, paperIds) =>
      new Set<PaperId>(paperIds.filter((id) => alerted.get({ ...person(follower), id }) !== undefined)),
    fixAlert: (follower, day, paperIds, at) => fix(follower, day, paperIds, at),
    beginAlertRun: (day, at) => {
      beginRun.run({ day, at });
    },
    finishAlertRun: (day, summary, at) => {
      finishRun.run({ day, at, ...summary });
    },
    unfinishedAlertRuns: () => unfinished.all(),
    recordAlerted: db.transaction((follower: Person, day: string, paperIds: readonly PaperId[]) => {
      for (const id of paperIds) record.run({ ...person(follower), id, day });
    }),
  };
}

export function createSqliteFollowStore(db: Database): FollowStore {
  return promised<FollowStore>(createSqliteFollowStoreSync(db));
}
