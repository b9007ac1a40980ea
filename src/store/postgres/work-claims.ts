/**
 * WorkClaims on PostgreSQL: one row per claimed key, taken or renewed by a single upsert whose
 * conflict clause only overwrites a row the caller holds or whose lease has ended. The row lock
 * the upsert takes makes two instances asking at once see each other: one gets the row, the
 * other reads the winner. Row leases rather than advisory locks, because a lease outlives a
 * dropped connection (an advisory lock would go with it, and another instance would start the
 * same run while the first still posts), is visible to every instance (/healthz lists them) and
 * doubles as the retry back-off of a failed run.
 */
import type { ClaimAnswer, WorkClaim, WorkClaims } from '../../core/ports.js';
import type { Queryable } from './database.js';

interface ClaimRow {
  key: string;
  holder: string;
  claimed_at: string;
  expires_at: string;
}

const TAKE = `
  INSERT INTO work_claims AS held (key, holder, claimed_at, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (key) DO UPDATE SET
    holder = excluded.holder,
    claimed_at = CASE WHEN held.holder = excluded.holder AND held.expires_at > excluded.claimed_at THEN held.claimed_at ELSE excluded.claimed_at END,
    expires_at = excluded.expires_at
  WHERE held.holder = excluded.holder OR held.expires_at <= excluded.claimed_at
  RETURNING *`;

const toClaim = (row: ClaimRow): WorkClaim => ({ key: row.key, holder: row.holder, claimedAt: row.claimed_at, expiresAt: row.expires_at });

/** A claim released between the upsert and the read is asked for again, a few times at most. */
const ATTEMPTS = 3;

export function createPostgresWorkClaims(db: Queryable): WorkClaims {
  return {
    async claim(key, holder, lease): Promise<ClaimAnswer> {
      for (let attempt = 1; ; attempt += 1) {
        const taken = await db.query<ClaimRow>(TAKE, [key, holder, lease.at, lease.until]);
        if (taken.rows[0]) return { granted: true, claim: toClaim(taken.rows[0]) };
        const { rows } = await db.query<ClaimRow>('SELECT * FROM work_claims WHERE key = $1', [key]);
        if (rows[0]) return { granted: false, heldBy: toClaim(rows[0]) };
        if (attempt === ATTEMPTS) throw new Error(`work claim ${key} changed hands too often to be taken`);
      }
    },
    async release(key, holder) {
      const { rowCount } = await db.query('DELETE FROM work_claims WHERE key = $1 AND holder = $2', [key, holder]);
      return (rowCount ?? 0) > 0;
    },
    async heldBy(holder, at) {
      const { rows } = await db.query<ClaimRow>('SELECT * FROM work_claims WHERE holder = $1 AND expires_at > $2 ORDER BY key', [holder, at]);
      return rows.map(toClaim);
    },
    async pruneExpired(cutoff) {
      const { rowCount } = await db.query('DELETE FROM work_claims WHERE expires_at < $1', [cutoff]);
      return rowCount ?? 0;
    },
  };
}
