/**
 * The ChannelLock of several instances sharing one database: work for one channel runs one at a
 * time across all of them, held as a PostgreSQL advisory lock for the duration of the work.
 *
 * One connection per process holds every channel lock this process has (a session may hold
 * many), so a hundred digests posting at once cost one connection, not a hundred. Within the
 * process, work for a channel queues in memory first, so only the head of each queue asks the
 * database; it asks with pg_try_advisory_lock and, while another instance holds the channel,
 * asks again after a short, growing pause rather than parking a connection on a blocking call.
 *
 * If the lock connection breaks, PostgreSQL releases its locks with the session and another
 * instance may start on a channel while this one is still posting there. Nothing is posted twice
 * even then: every post goes through the ledger's pending record first (see posts.ts); the lock
 * only keeps the two from racing for the same posts.
 */
import { realSleep, type ChannelLock, type Sleep } from '../../core/ports.js';
import { createInProcessChannelLock } from '../in-process-channel-lock.js';
import { LockNamespace, lockKeyOf } from './advisory-locks.js';

/** The connection the locks live on: a dedicated session, not one lent by a pool. */
export interface LockSession {
  query(sql: string, values: unknown[]): Promise<{ rows: { locked?: boolean }[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PostgresChannelLockOptions {
  readonly connect: () => Promise<LockSession>;
  readonly sleep?: Sleep;
  /** First pause while another instance holds the channel; doubles up to `maxWaitMs`. */
  readonly firstWaitMs?: number;
  readonly maxWaitMs?: number;
  readonly onConnectionLost?: (error: Error) => void;
}

export interface PostgresChannelLock extends ChannelLock {
  close(): Promise<void>;
}

export function createPostgresChannelLock(options: PostgresChannelLockOptions): PostgresChannelLock {
  const sleep = options.sleep ?? realSleep;
  const firstWaitMs = options.firstWaitMs ?? 25;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const local = createInProcessChannelLock();
  let session: Promise<LockSession> | undefined;
  let closed = false;

  function connection(): Promise<LockSession> {
    if (closed) return Promise.reject(new Error('channel lock is closed'));
    session ??= options.connect().then(
      (opened) => {
        opened.on('error', (error) => {
          // Its locks are gone with it; the next lock opens a new session.
          session = undefined;
          options.onConnectionLost?.(error);
        });
        return opened;
      },
      (error: unknown) => {
        session = undefined;
        throw error;
      },
    );
    return session;
  }

  // Channels lock and unlock at the same time on the one session; a pg client takes one query
  // at a time (queueing inside it is deprecated and goes in pg 9), so they take turns here.
  let queries: Promise<unknown> = Promise.resolve();
  function ask(held: LockSession, sql: string, values: unknown[]): ReturnType<LockSession['query']> {
    const answer = queries.then(() => held.query(sql, values));
    queries = answer.catch(() => undefined);
    return answer;
  }

  async function acquire(key: number): Promise<LockSession> {
    for (let wait = firstWaitMs; ; wait = Math.min(maxWaitMs, wait * 2)) {
      const held = await connection();
      const { rows } = await ask(held, 'SELECT pg_try_advisory_lock($1, $2) AS locked', [LockNamespace.channel, key]);
      if (rows[0]?.locked === true) return held;
      await sleep(wait);
    }
  }

  return {
    run(key, work) {
      return local.run(key, async () => {
        const lockKey = lockKeyOf(key);
        const held = await acquire(lockKey);
        try {
          return await work();
        } finally {
          // On a session that broke meanwhile, the lock went with it.
          await ask(held, 'SELECT pg_advisory_unlock($1, $2)', [LockNamespace.channel, lockKey]).catch(() => undefined);
        }
      });
    },
    async close() {
      closed = true;
      const open = session;
      session = undefined;
      if (open) await (await open.catch(() => undefined))?.end().catch(() => undefined);
    },
  };
}
