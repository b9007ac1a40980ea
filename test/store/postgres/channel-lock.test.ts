/**
 * The PostgreSQL ChannelLock across instances: two Stores on one database stand for two
 * processes; the contract suite covers one instance on its own.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStores, type PostgresStores } from '../../../src/store/postgres/stores.js';
import { createPostgresDatabase, type PostgresTestDatabase } from '../../support/postgres/databases.js';

let database: PostgresTestDatabase;
let instances: PostgresStores[] = [];
const lost: Error[] = [];

beforeAll(async () => {
  database = await createPostgresDatabase();
});
afterAll(() => database.drop());
afterEach(async () => {
  for (const stores of instances) await stores.close();
  instances = [];
  lost.length = 0;
});

async function instance(): Promise<PostgresStores> {
  const stores = await openPostgresStores(database.url, { poolSize: 2, onConnectionError: (error) => lost.push(error) });
  instances.push(stores);
  return stores;
}

/** Work that records when it ran and waits until released. */
function heldWork(log: string[], name: string) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  const work = async () => {
    log.push(`${name} start`);
    started();
    await released;
    log.push(`${name} end`);
    return name;
  };
  return { work, running, release };
}

describe('PostgreSQL channel lock across instances', () => {
  it('lets only one instance at a time work on a channel; the other starts once the first is done', async () => {
    const [a, b] = [await instance(), await instance()];
    const log: string[] = [];
    const first = heldWork(log, 'a');
    const done = a.channelLock.run('discord:G1:C1', first.work);
    await first.running;
    const second = b.channelLock.run('discord:G1:C1', () => {
      log.push('b start');
      return Promise.resolve('b');
    });
    await wait(150);
    expect(log).toEqual(['a start']);
    first.release();
    expect(await Promise.all([done, second])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start']);
  });

  it('lets two instances work on different channels at the same time', async () => {
    const [a, b] = [await instance(), await instance()];
    const log: string[] = [];
    const first = heldWork(log, 'a');
    const second = heldWork(log, 'b');
    const both = Promise.all([a.channelLock.run('discord:G1:C1', first.work), b.channelLock.run('slack:T1:C1', second.work)]);
    await Promise.all([first.running, second.running]);
    first.release();
    second.release();
    expect(await both).toEqual(['a', 'b']);
  });

  it('holds every lock of an instance on one connection, however many channels it works on', async () => {
    const a = await instance();
    const works = Array.from({ length: 20 }, (_, index) => heldWork([], String(index)));
    const all = Promise.all(works.map((held, index) => a.channelLock.run(`discord:G1:C${index}`, held.work)));
    await Promise.all(works.map((held) => held.running));
    const sessions = await a.pool.query<{ sessions: number; locks: number }>(
      "SELECT count(DISTINCT pid)::int AS sessions, count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(sessions.rows[0]).toEqual({ sessions: 1, locks: 20 });
    for (const held of works) held.release();
    await all;
    const after = await a.pool.query<{ locks: number }>("SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory'");
    expect(after.rows[0]?.locks).toBe(0);
  });

  it('frees the channel for another instance when the holder\'s lock connection dies, and locks again on a new one', async () => {
    const [a, b] = [await instance(), await instance()];
    const log: string[] = [];
    const first = heldWork(log, 'a');
    const done = a.channelLock.run('discord:G1:C1', first.work);
    await first.running;
    const second = b.channelLock.run('discord:G1:C1', () => Promise.resolve('b'));
    // Another process ending a's lock session, as a restarted server or a network cut would.
    await b.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(await second).toBe('b');
    first.release();
    expect(await done).toBe('a');
    expect(lost.length).toBeGreaterThan(0);
    await expect(a.channelLock.run('discord:G1:C1', () => Promise.resolve('again'))).resolves.toBe('again');
  });
});
