/** How a Follow is laid out in `follows` joined with `followers`, in SQLite and PostgreSQL alike. */
import type { Follow } from '../../core/follows/follow.js';
import type { PaperId } from '../../core/paper.js';

export interface FollowRow {
  id: number;
  platform: Follow['platform'];
  user_id: string;
  workspace_id: string;
  query: string;
  created_at: string;
}

/** The columns of a FollowRow, from `follows f JOIN followers p`. */
export const FOLLOW_SELECT = `SELECT f.id, f.platform, f.user_id, p.workspace_id, f.query, f.created_at
    FROM follows f JOIN followers p ON p.platform = f.platform AND p.user_id = f.user_id`;

export const rowToFollow = (row: FollowRow): Follow => ({
  id: row.id, platform: row.platform, userId: row.user_id, workspaceId: row.workspace_id, query: row.query, createdAt: row.created_at,
});

/** An alert's fixed paper list, as `follow_alerts.papers` keeps it (a JSON array of ids). */
export function parseAlertPapers(text: string | undefined): PaperId[] {
  const papers: unknown = JSON.parse(text ?? '[]');
  return Array.isArray(papers) ? papers.filter((id): id is PaperId => typeof id === 'string') : [];
}
