/**
 * Moves papers and votes from PostgreSQL into the search copy: the whole archive for a build,
 * and for a pull every paper stamped in `search_changes` since the copy's watermark, each
 * re-copied whole with all its votes (so a removed vote or a deleted paper goes too).
 *
 * SQLite writes run in small transactions with a turn of the event loop between them: the copy
 * is built while the bot serves, and a long synchronous write would hold every other request.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PAPER_COLUMN_NAMES, type PaperColumns } from '../../rows/paper-row.js';
import type { Database } from '../../sqlite/database.js';
import type { Queryable } from '../database.js';

type PaperRow = PaperColumns & { seq: number; first_seen_at: string; updated_at: string };
interface VoteRow {
  platform: string;
  workspace_id: string;
  user_id: string;
  paper_id: string;
  created_at: string;
}

const PAPER_COLUMNS = ['seq', ...PAPER_COLUMN_NAMES, 'first_seen_at', 'updated_at'] as const;
const VOTE_COLUMNS = ['platform', 'workspace_id', 'user_id', 'paper_id', 'created_at'] as const;
const SELECT_PAPER = PAPER_COLUMNS.map((name) => `p.${name}`).join(', ');
/** Rows read from PostgreSQL per statement. */
export const READ_BATCH = 1000;
/** Papers written to SQLite per transaction: about 0.1 s of indexing each. */
const WRITE_BATCH = 200;

/** What a pull or a build wrote. */
export interface Copied {
  papers: number;
  votes: number;
}

export interface CopyWriter {
  /** Replaces each paper's row (by its PostgreSQL seq) and all its votes; ids in `gone` are deleted. */
  replacePapers(papers: readonly PaperRow[], votes: readonly VoteRow[], gone: readonly string[]): void;
  insertVotes(votes: readonly VoteRow[]): void;
}

export function copyWriter(db: Database): CopyWriter {
  const upsertPaper = db.prepare(
    `INSERT INTO papers (${PAPER_COLUMNS.join(', ')}) VALUES (${PAPER_COLUMNS.map((name) => `@${name}`).join(', ')})
     ON CONFLICT (seq) DO UPDATE SET ${PAPER_COLUMNS.filter((name) => name !== 'seq').map((name) => `${name} = excluded.${name}`).join(', ')}`,
  );
  // The same arXiv id under another seq is an old row of a paper deleted and added again.
  const dropOtherSeq = db.prepare('DELETE FROM papers WHERE id = ? AND seq <> ?');
  const deletePaper = db.prepare('DELETE FROM papers WHERE id = ?');
  const deleteVotes = db.prepare('DELETE FROM votes WHERE paper_id = ?');
  const insertVote = db.prepare(`INSERT OR REPLACE INTO votes (${VOTE_COLUMNS.join(', ')}) VALUES (${VOTE_COLUMNS.map((name) => `@${name}`).join(', ')})`);
  return {
    replacePapers: db.transaction((papers: readonly PaperRow[], votes: readonly VoteRow[], gone: readonly string[]) => {
      for (const id of gone) {
        deletePaper.run(id);
        deleteVotes.run(id);
      }
      for (const paper of papers) {
        dropOtherSeq.run(paper.id, paper.seq);
        upsertPaper.run(paper);
        deleteVotes.run(paper.id);
      }
      for (const vote of votes) insertVote.run(vote);
    }),
    insertVotes: db.transaction((votes: readonly VoteRow[]) => {
      for (const vote of votes) insertVote.run(vote);
    }),
  };
}

/** Copies every paper and vote, in seq order; `stopped` is asked between batches. */
export async function copyEverything(pool: Queryable, db: Database, stopped: () => boolean): Promise<Copied> {
  const writer = copyWriter(db);
  const copied: Copied = { papers: 0, votes: 0 };
  for (let after = 0; !stopped(); ) {
    const { rows } = await pool.query<PaperRow>(`SELECT ${SELECT_PAPER} FROM papers p WHERE p.seq > $1 ORDER BY p.seq LIMIT $2`, [after, READ_BATCH]);
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.seq;
    for (let start = 0; start < rows.length && !stopped(); start += WRITE_BATCH) {
      writer.replacePapers(rows.slice(start, start + WRITE_BATCH), [], []);
      copied.papers += Math.min(WRITE_BATCH, rows.length - start);
      await nextTurn();
    }
  }
  let key: VoteRow | undefined;
  while (!stopped()) {
    const { rows }: { rows: VoteRow[] } = await pool.query<VoteRow>(
      `SELECT ${VOTE_COLUMNS.join(', ')} FROM votes
       WHERE $1::text IS NULL OR (platform, workspace_id, user_id, paper_id) > ($1, $2, $3, $4)
       ORDER BY platform, workspace_id, user_id, paper_id LIMIT $5`,
      [key?.platform ?? null, key?.workspace_id ?? null, key?.user_id ?? null, key?.paper_id ?? null, READ_BATCH * 5],
    );
    key = rows.at(-1);
    if (key === undefined) break;
    writer.insertVotes(rows);
    copied.votes += rows.length;
    await nextTurn();
  }
  return copied;
}

/**
 * Re-copies every paper stamped after `from` and up to `to`, page by page in stamp order. Each
 * page's papers and their votes are written in one SQLite transaction.
 */
export async function pullChanges(pool: Queryable, db: Database, from: number, to: number): Promise<Copied> {
  const writer = copyWriter(db);
  const pulled: Copied = { papers: 0, votes: 0 };
  let cursor: { version: number; paperId: string } = { version: from, paperId: '' };
  for (;;) {
    const { rows } = await pool.query<{ changed_id: string; changed_version: number } & Omit<PaperRow, 'seq'> & { seq: number | null }>(
      `SELECT c.paper_id AS changed_id, c.version AS changed_version, ${SELECT_PAPER}
       FROM search_changes c LEFT JOIN papers p ON p.id = c.paper_id
       WHERE c.version > $5 AND c.version <= $2 AND (c.version, c.paper_id) > ($1, $3)
       ORDER BY c.version, c.paper_id LIMIT $4`,
      [cursor.version, to, cursor.paperId, READ_BATCH, from],
    );
    const last = rows.at(-1);
    if (last === undefined) return pulled;
    cursor = { version: last.changed_version, paperId: last.changed_id };
    const ids = rows.map((row) => row.changed_id);
    const { rows: votes } = await pool.query<VoteRow>(`SELECT ${VOTE_COLUMNS.join(', ')} FROM votes WHERE paper_id = ANY($1::text[])`, [ids]);
    const papers = rows.filter((row): row is typeof row & PaperRow => row.seq !== null);
    // A stamped paper PostgreSQL no longer has was deleted there.
    const gone = rows.filter((row) => row.seq === null).map((row) => row.changed_id);
    writer.replacePapers(
      papers.map(({ changed_id: _id, changed_version: _version, ...paper }) => paper),
      votes,
      gone,
    );
    pulled.papers += rows.length;
    pulled.votes += votes.length;
  }
}
