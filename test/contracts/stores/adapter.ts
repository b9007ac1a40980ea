/**
 * What a store adapter gives the contract suites: fresh databases, each opened as the whole
 * `Stores` bundle. The suites test through the asynchronous ports only, so any engine that can
 * hand out an empty database per test (a `:memory:` SQLite, a temporary file, a throwaway
 * PostgreSQL database) runs them unchanged.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Clock, Stores } from '../../../src/core/ports.js';

export interface OpenOptions {
  /** The clock the stores stamp and rank with. */
  readonly clock?: Clock;
}

/** One empty database, for one test. */
export interface TestDatabase {
  /**
   * Every store port on this database. On a durable adapter, opening again after `close()` is
   * a restarted process finding what the last one wrote.
   */
  open(options?: OpenOptions): Promise<Stores>;
  /** Closes whatever is still open on it and deletes it. */
  drop(): Promise<void>;
}

export interface StoreAdapter {
  /** Shown in every test name. */
  readonly name: string;
  /** True when data outlives the Stores that wrote it (a file, a server), so it can be reopened. */
  readonly durable: boolean;
  /** A new, empty database. */
  create(): Promise<TestDatabase>;
}

export interface StoreTest {
  /** The stores of this test's database, opened before the test. */
  readonly stores: Stores;
  /** This test's database, to close and open again. */
  readonly database: TestDatabase;
  /** Another empty database, dropped after the test with the first. */
  another(): Promise<TestDatabase>;
}

/**
 * Gives each test of the calling `describe` its own empty database, opened with `options`,
 * and drops every database the test made afterwards.
 */
export function useStores(adapter: StoreAdapter, options: OpenOptions = {}): () => StoreTest {
  let current: StoreTest | undefined;
  let databases: TestDatabase[] = [];
  const create = async () => {
    const database = await adapter.create();
    databases.push(database);
    return database;
  };
  beforeEach(async () => {
    const database = await create();
    current = { stores: await database.open(options), database, another: create };
  });
  afterEach(async () => {
    const dropping = databases;
    databases = [];
    current = undefined;
    for (const database of dropping) await database.drop();
  });
  return () => {
    if (!current) throw new Error('stores are opened for each test; read them inside a test');
    return current;
  };
}
