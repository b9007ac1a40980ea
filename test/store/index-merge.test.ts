/**
 * The search-index merge after a bulk ingest goes in small steps, each its own transaction, so
 * the running bot (another connection to the same file) can write between any two of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { optimizeSearchIndex } from '../../src/store/sqlite/search/paper-search.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';
import { makePaper } from '../support/papers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('search index merge', () => {
  it('merges in many short transactions that another connection can write between, and finds the same papers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-merge-'));
    dirs.push(dir);
    const path = join(dir, 'paperboy.db');
    const db = openDatabase(path);
    const stores = createSqliteStores(db);
    // One transaction per batch, as a backfill writes day by day: one index segment each.
    for (let batch = 0; batch < 40; batch++) {
      await stores.papers.upsertPapers(Array.from({ length: 25 }, (_, i) => {
        const n = batch * 25 + i;
        return makePaper(`2606.${String(n).padStart(5, '0')}`, { title: `Sparse mixture routing study ${n} batch${batch}`, abstract: `Words for batch ${batch} and paper ${n}. `.repeat(20) });
      }));
    }
    const found = (await stores.papers.search(parseSearchQuery('mixture routing'), { limit: 2_000 })).hits.map((hit) => hit.paper.id).sort();

    // The bot's connection: no busy wait at all, so a write during a held lock fails at once.
    const bot = new BetterSqlite3(path, { timeout: 0 });
    const write = bot.prepare("INSERT INTO votes (platform, workspace_id, user_id, paper_id, created_at) VALUES ('discord', 'G1', ?, '2606.00001', 't')");
    let writes = 0;
    expect(found.length).toBeGreaterThan(100);
    const steps = optimizeSearchIndex(db, { pagesPerStep: 4, afterStep: () => write.run(`U${++writes}`) });
    bot.close();

    expect(steps).toBeGreaterThan(5);
    expect(writes).toBe(steps);
    expect((await stores.papers.search(parseSearchQuery('mixture routing'), { limit: 2_000 })).hits.map((hit) => hit.paper.id).sort()).toEqual(found);
    expect(await stores.votes.countVotes('2606.00001')).toBe(writes);
    await stores.close();
  });
});
