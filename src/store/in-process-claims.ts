/**
 * WorkClaims of a single process, for the embedded SQLite store: one process owns an SQLite
 * file, so the claims live in memory (and every claim is its own). The leases work as the
 * database's do, so the scheduler and vote edits run the same code on either store.
 */
import type { ClaimAnswer, WorkClaim, WorkClaims } from '../core/ports.js';

export function createInProcessClaims(): WorkClaims {
  const claims = new Map<string, WorkClaim>();
  return {
    claim(key, holder, lease): Promise<ClaimAnswer> {
      const held = claims.get(key);
      const live = held !== undefined && held.expiresAt > lease.at;
      if (live && held.holder !== holder) return Promise.resolve({ granted: false, heldBy: held });
      const claim: WorkClaim = { key, holder, claimedAt: live ? held.claimedAt : lease.at, expiresAt: lease.until };
      claims.set(key, claim);
      return Promise.resolve({ granted: true, claim });
    },
    release(key, holder) {
      const held = claims.get(key);
      if (held?.holder !== holder) return Promise.resolve(false);
      claims.delete(key);
      return Promise.resolve(true);
    },
    heldBy(holder, at) {
      const held = [...claims.values()].filter((claim) => claim.holder === holder && claim.expiresAt > at);
      return Promise.resolve(held.sort((a, b) => a.key.localeCompare(b.key)));
    },
    pruneExpired(cutoff) {
      let pruned = 0;
      for (const [key, claim] of claims) {
        if (claim.expiresAt >= cutoff) continue;
        claims.delete(key);
        pruned += 1;
      }
      return Promise.resolve(pruned);
    },
  };
}
