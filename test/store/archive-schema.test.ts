import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/core/search/query.js';
import { MIGRATIONS, runMigrations } from '../../src/store/sqlite/schema/migrations.js';
import { createSqlitePaperStoreSync } from '../../src/store/sqlite/paper-store.js';
import { paperToColumns } from '../../src/store/rows/paper-row.js';
import { fixtureClock, loadFixturePapers } from '../support/papers.js';

let db: BetterSqlite3.Database;
beforeEach(() => {
  db = new BetterSqlite3(':memory:');
});
afterEach(() => {
  if (db.open) db.close();
});

describe('migration 4 (archive)', () => {
  it('rebuilds the search index of a database that already holds papers, and search still finds them', () => {
    const archive = MIGRATIONS.findIndex((migration) => migration.name.startsWith('add ingested days'));
    runMigrations(db, MIGRATIONS.slice(0, archive));
    // Rows as the code of that time wrote them: the columns later migrations add do not exist yet.
    const insert = db.prepare(`INSERT INTO papers (id, title, abstract, ai_summary, keywords, authors, author_count, published_on, papers_day,
      upvotes, comments, github_repo, github_stars, project_page, org_name, org_fullname, thumbnail, first_seen_at, updated_at)
      VALUES (@id, @title, @abstract, @ai_summary, @keywords, @authors, @author_count, @published_on, @papers_day, @upvotes, @comments,
      @github_repo, @github_stars, @project_page, @org_name, @org_fullname, @thumbnail, @now, @now)`);
    for (const paper of loadFixturePapers()) {
      insert.run({ ...paperToColumns(paper), now: fixtureClock.now().toISOString() });
    }
    runMigrations(db);
    const store = createSqlitePaperStoreSync(db, { clock: fixtureClock });
    const ids = (text: string) => store.search(parseSearchQuery(text, fixtureClock.now()), { limit: 5 }).hits.map((hit) => hit.paper.id);
    expect(ids('memory')[0]).toBe('2606.13681');
    expect(ids('evoaren')).toEqual(['2606.13681']);
    expect(db.prepare("SELECT count(*) FROM ingested_days").pluck().get()).toBe(0);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'papers_fts'").pluck().get()).toContain("prefix = '2 3 4 5 6'");
  });
});
