/**
 * What naming the paper each post shows must leave, in SQLite's and PostgreSQL's
 * migration 9 alike: a paper post shows its paper, a digest header shows none.
 */

/** Sent posts in Slack's C1 before the migration: paper key, message ts. */
export const POSTS_BEFORE_SHOWN: readonly (readonly [string, string])[] = [
  ['2606.13681', '1.1'],
  ['header:2026-06-12', '1.0'],
];

export const SHOWN_POSTS_SQL = 'SELECT paper_id, shows_paper FROM posts ORDER BY message_id';

export const SHOWN_POSTS_AFTER = [
  { paper_id: 'header:2026-06-12', shows_paper: null },
  { paper_id: '2606.13681', shows_paper: '2606.13681' },
];
