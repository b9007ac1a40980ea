/**
 * Each instance's local search copy: an SQLite database holding the archive's papers and votes,
 * searched by the SQLite store's own code, so answers are SQLite's by construction. PostgreSQL
 * stays the only place anything is written; the copy is derived and may be deleted at any time.
 *
 * Freshness: before every search the copy reads PostgreSQL's change counter (one round trip)
 * and pulls what changed since its watermark (copy-rows.ts), so a paper or vote written on any
 * instance is found by the next search here. Searches arriving while a pull runs share the next
 * one. Until the first build is done (in the background, from `start`), or when it failed,
 * `fresh()` answers undefined and the store searches PostgreSQL itself.
 */
import { z } from 'zod';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, ErrorCode, describeError } from '../../../core/errors.js';
import type { Clock, PaperStore, SearchCopyState, SearchCopyStatus } from '../../../core/ports.js';
import { createSqlitePaperStoreSync } from '../../sqlite/paper-store.js';
import { searchIndexMergeStep } from '../../sqlite/search/paper-search.js';
import type { Synchronous } from '../../promised.js';
import type { Database } from '../../sqlite/database.js';
import type { Queryable } from '../database.js';
import { copyEverything, pullChanges } from './copy-rows.js';
import { claimCopyPath, type ClaimedPath } from './copy-lock.js';
import { emptyCopy, newState, openCopy, removeCopy, writeState, type CopyState } from './copy-file.js';

/** What the copy tells the operator (a pino logger fits). */
export interface SearchCopyLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface SearchCopyOptions {
  /** The SQLite file, or ':memory:'. */
  readonly path: string;
  readonly clock: Clock;
  readonly log?: SearchCopyLog;
  /** A build that failed is tried again after this long (default 10 minutes). */
  readonly retryMs?: number;
}

export interface SearchCopy {
  /** Opens the file and, unless it holds a complete copy of this database, builds it in the background. */
  start(): void;
  /** The copy's store, caught up with every change committed before the call; undefined while it is not ready. */
  fresh(): Promise<Synchronous<PaperStore> | undefined>;
  /** Resolves when the copy is ready or its build failed (tests, the bench). */
  settled(): Promise<SearchCopyState>;
  status(): SearchCopyStatus;
  close(): Promise<void>;
}

const counterSchema = z.object({ source: z.string().min(1), version: z.number().int().min(0) });
type Counter = z.infer<typeof counterSchema>;

/** This database's identity (its random id and its oid, which a copy made from a template does not keep) and its change counter. */
const READ_COUNTER = `SELECT c.database_id::text || '/' || d.oid::text AS source, c.version
  FROM search_counter c, pg_database d WHERE d.datname = current_database()`;

export function createSearchCopy(pool: Queryable, options: SearchCopyOptions): SearchCopy {
  const log = options.log;
  let path = options.path;
  let claimed: ClaimedPath | undefined;
  const retryMs = options.retryMs ?? 10 * 60_000;
  let db: Database | undefined;
  let store: Synchronous<PaperStore> | undefined;
  let state: CopyState | undefined;
  let phase: SearchCopyState = 'building';
  let lag = 0;
  let pulledPapers = 0;
  let buildMs: number | undefined;
  let failedAt = 0;
  let closed = false;
  let building: Promise<void> | undefined;
  let pulling: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let toldBuilding = false;

  async function readCounter(): Promise<Counter> {
    let { rows } = await pool.query(READ_COUNTER);
    if (rows.length === 0) {
      // Someone emptied the table: a new row is a new identity, so every copy rebuilds.
      await pool.query('INSERT INTO search_counter DEFAULT VALUES ON CONFLICT DO NOTHING');
      ({ rows } = await pool.query(READ_COUNTER));
    }
    const parsed = counterSchema.safeParse(rows[0]);
    if (!parsed.success) throw new AppError(ErrorCode.StoreFailure, `search_counter cannot be read: ${parsed.error.message}`);
    return parsed.data;
  }

  function use(opened: Database, copyState: CopyState): void {
    db = opened;
    state = copyState;
    store = createSqlitePaperStoreSync(opened, { clock: options.clock });
    phase = 'ready';
  }

  async function build(reason: string): Promise<void> {
    phase = 'building';
    store = undefined;
    const started = performance.now();
    log?.info({ path, reason }, 'search copy: building from PostgreSQL; searches use PostgreSQL until it is ready');
    db?.close();
    db = undefined;
    try {
      const fresh = emptyCopy(path).db;
      db = fresh;
      const counter = await readCounter();
      // Everything committed up to the counter is visible from here on; later changes are pulled.
      const copied = await copyEverything(pool, fresh, () => closed);
      for (const step = searchIndexMergeStep(fresh); !closed && step(); ) await nextTurn();
      if (closed) return;
      const built = newState(counter.source, counter.version);
      writeState(fresh, built);
      if (path !== ':memory:') fresh.pragma('wal_checkpoint(TRUNCATE)');
      buildMs = performance.now() - started;
      use(fresh, built);
      log?.info({ path, papers: copied.papers, votes: copied.votes, ms: Math.round(buildMs) }, 'search copy: ready');
    } catch (error) {
      fail(error, 'search copy: the build failed; searches use PostgreSQL');
    }
  }

  function fail(error: unknown, message: string): void {
    phase = 'failed';
    store = undefined;
    failedAt = options.clock.now().getTime();
    log?.error({ err: error, path: path, reason: describeError(error) }, message);
  }

  function rebuild(reason: string): void {
    if (closed || building) return;
    building = build(reason).finally(() => {
      building = undefined;
    });
  }

  async function pull(): Promise<void> {
    const counter = await readCounter();
    if (!db || !state || phase !== 'ready') return;
    if (counter.source !== state.source || counter.version < state.watermark) {
      rebuild(counter.source !== state.source ? 'the copy is of another database' : 'PostgreSQL is behind the copy (restored from a backup?)');
      return;
    }
    lag = counter.version - state.watermark;
    if (lag === 0) return;
    const copy = db;
    try {
      const pulled = await pullChanges(pool, copy, state.watermark, counter.version);
      if (copy !== db) return;
      state = { ...state, watermark: counter.version };
      writeState(copy, state);
      pulledPapers += pulled.papers;
      lag = 0;
    } catch (error) {
      // PostgreSQL errors reach the caller, as a search on PostgreSQL would; a broken file is rebuilt.
      if (isSqliteError(error)) {
        fail(error, 'search copy: the file failed; rebuilding it, searches use PostgreSQL meanwhile');
        rebuild('the file failed');
        return;
      }
      throw error;
    }
  }

  /** One pull at a time; callers arriving while one runs share the next, which starts after their call. */
  function sync(): Promise<void> {
    if (!pulling) {
      pulling = pull().finally(() => {
        pulling = undefined;
      });
      return pulling;
    }
    queued ??= pulling.catch(() => undefined).then(() => {
      queued = undefined;
      return sync();
    });
    return queued;
  }

  return {
    start() {
      if (closed || building || db) return;
      let opened;
      try {
        claimed = claimCopyPath(options.path);
        if (!claimed) throw new Error('every slot beside it is in use by another process');
        path = claimed.path;
        opened = openCopy(path);
      } catch (error) {
        fail(error, 'search copy: cannot open its file; searches use PostgreSQL');
        return;
      }
      if (opened.discarded !== undefined) log?.info({ path, reason: opened.discarded }, 'search copy: discarded the file');
      if (opened.state === undefined) {
        db = opened.db;
        rebuild('no complete copy yet');
        return;
      }
      use(opened.db, opened.state);
    },
    async fresh() {
      if (closed) return undefined;
      if (phase === 'failed' && !building && options.clock.now().getTime() - failedAt >= retryMs) rebuild('retrying after a failure');
      if (phase !== 'ready') {
        if (!toldBuilding) {
          toldBuilding = true;
          log?.info({ path }, 'search copy: not ready yet; searching PostgreSQL');
        }
        return undefined;
      }
      await sync();
      // Undefined again if the pull found the copy of another database or a broken file.
      return store;
    },
    async settled() {
      while (building) await building;
      return phase;
    },
    status() {
      return {
        state: phase,
        path,
        watermark: state?.watermark ?? 0,
        lag,
        pulledPapers,
        ...(buildMs === undefined ? {} : { buildMs: Math.round(buildMs) }),
        ...(store ? { papers: store.countPapers() } : {}),
      };
    },
    async close() {
      closed = true;
      await building?.catch(() => undefined);
      await pulling?.catch(() => undefined);
      await queued?.catch(() => undefined);
      db?.close();
      db = undefined;
      store = undefined;
      claimed?.release();
    },
  };
}

function isSqliteError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SqliteError';
}

export { removeCopy };
