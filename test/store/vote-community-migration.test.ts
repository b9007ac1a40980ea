/**
 * Migration 8 gives every existing vote a community: the one server or workspace of its
 * platform where the paper was posted, or none (counted only by the whole-install pool) when
 * the paper went to several.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../../src/store/sqlite/schema/migrations.js';
import { createSqliteStores } from '../../src/store/sqlite/stores.js';

describe('migration 8: votes keep their community', () => {
  it('moves existing votes to the community their paper was posted in, and keeps them all', async () => {
    const db = new BetterSqlite3(':memory:');
    runMigrations(db, MIGRATIONS.slice(0, 7));
    const post = db.prepare("INSERT INTO posts (platform, workspace_id, channel_id, paper_id, state, nonce, created_at) VALUES (?, ?, ?, ?, 'sent', 'n', 't')");
    post.run('discord', 'G1', 'C1', 'p-one-server');
    post.run('discord', 'G1', 'C1', 'p-two-servers');
    post.run('discord', 'G2', 'C2', 'p-two-servers');
    post.run('slack', 'T1', 'C3', 'p-one-server');
    const vote = db.prepare("INSERT INTO votes (platform, user_id, paper_id, created_at) VALUES (?, ?, ?, '2026-06-12T00:00:00Z')");
    vote.run('discord', 'U1', 'p-one-server');
    vote.run('slack', 'U2', 'p-one-server');
    vote.run('discord', 'U1', 'p-two-servers');
    vote.run('discord', 'U3', 'p-never-posted');

    expect(runMigrations(db).applied).toContain('record the community of every vote');
    const rows = db.prepare('SELECT platform, workspace_id AS workspace, user_id AS user, paper_id AS paper FROM votes ORDER BY paper, platform').all();
    expect(rows).toEqual([
      { platform: 'discord', workspace: '', user: 'U3', paper: 'p-never-posted' },
      { platform: 'discord', workspace: 'G1', user: 'U1', paper: 'p-one-server' },
      { platform: 'slack', workspace: 'T1', user: 'U2', paper: 'p-one-server' },
      { platform: 'discord', workspace: '', user: 'U1', paper: 'p-two-servers' },
    ]);
    const { votes } = createSqliteStores(db);
    expect(await votes.countVotes('p-one-server')).toBe(2);
    expect(await votes.countVotes('p-one-server', [{ platform: 'discord', workspaceId: 'G1' }])).toBe(1);
    expect(await votes.countVotes('p-two-servers', [{ platform: 'discord', workspaceId: 'G1' }])).toBe(0);
    expect(await votes.countVotes('p-two-servers')).toBe(1);
    db.close();
  });
});
